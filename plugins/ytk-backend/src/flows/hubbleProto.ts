import { resolvePackagePath } from '@backstage/backend-plugin-api';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * Hubble's Observer API from the vendored Cilium protos (proto/README.md), loaded at runtime:
 * nothing is generated. Messages come out as plain objects with lowerCamelCase field names
 * (the proto3 JSON names, which is how `hubble observe -o jsonpb` prints them too), enums by
 * name, 64-bit integers as strings.
 */
export const protoLoaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
};

let loaded: grpc.GrpcObject | undefined;

/** The vendored proto directory: in the repo and in the published package alike. */
export function protoDir(): string {
  return resolvePackagePath(
    '@ytknetwork/backstage-plugin-ytk-backend',
    'proto',
  );
}

/** The `observer` package (service Observer) and friends, loaded once. */
export function hubbleGrpc(): grpc.GrpcObject {
  if (!loaded) {
    const def = protoLoader.loadSync('observer/observer.proto', {
      ...protoLoaderOptions,
      includeDirs: [protoDir()],
    });
    loaded = grpc.loadPackageDefinition(def);
  }
  return loaded;
}

export type ObserverClient = grpc.Client & {
  ServerStatus(
    req: object,
    options: grpc.CallOptions,
    cb: (err: grpc.ServiceError | null, res?: ServerStatusResponse) => void,
  ): grpc.ClientUnaryCall;
  GetFlows(
    req: GetFlowsRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<GetFlowsResponse>;
};

export interface ProtoTimestamp {
  seconds?: string | number;
  nanos?: number;
}

export interface GetFlowsRequest {
  number?: string | number;
  follow?: boolean;
  since?: ProtoTimestamp;
}

export interface ServerStatusResponse {
  numFlows?: string;
  maxFlows?: string;
  seenFlows?: string;
  version?: string;
}

/** A GetFlowsResponse as proto-loader decodes it (`responseTypes` names the oneof's field). */
export interface GetFlowsResponse {
  flow?: Record<string, unknown>;
  nodeStatus?: unknown;
  lostEvents?: unknown;
  responseTypes?: string;
  nodeName?: string;
  time?: ProtoTimestamp;
}

/** The Observer service definition (for a server) and a client constructor. */
export function observerService(): {
  service: grpc.ServiceDefinition;
  Client: new (
    address: string,
    credentials: grpc.ChannelCredentials,
    options?: grpc.ChannelOptions,
  ) => ObserverClient;
} {
  const observer = hubbleGrpc().observer as grpc.GrpcObject;
  const ctor = observer.Observer as grpc.ServiceClientConstructor;
  return { service: ctor.service, Client: ctor as any };
}
