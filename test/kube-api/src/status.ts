/** A Kubernetes `Status` object, the body of every API error. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: Array<{ reason: string; message: string; field: string }>;
  };
  code: number;
}

/** Reasons as the API server spells them, by HTTP code. */
const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'AlreadyExists',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  500: 'InternalError',
};

export function failure(
  code: number,
  message: string,
  options: { reason?: string; details?: KubeStatus['details'] } = {},
): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: options.reason ?? REASONS[code] ?? 'Unknown',
    ...(options.details ? { details: options.details } : {}),
    code,
  };
}

export function success(details: KubeStatus['details']): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details,
    code: 200,
  };
}

/** Thrown inside handlers; the server answers with its Status. */
export class StatusError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
}

export const fail = (...args: Parameters<typeof failure>) =>
  new StatusError(failure(...args));
