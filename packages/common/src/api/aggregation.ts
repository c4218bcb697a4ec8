/**
 * When a connectivity graph is drawn with namespaces collapsed: above this many endpoints, or
 * this many connections (layout time grows with edges; a dense graph of a hundred workloads,
 * thousands of edges, froze the page for tens of seconds). The backend's `aggregate=auto` and
 * the portal's graph model decide with the same numbers.
 */
export const GRAPH_AGGREGATE_ENDPOINTS = 500;
export const GRAPH_AGGREGATE_CONNECTIONS = 800;
