/**
 * The fixed ports the benchmarks' services listen on, each benchmark its own block. All below
 * Linux's ephemeral range (32768 to 60999, /proc/sys/net/ipv4/ip_local_port_range): a port in
 * that range can be taken at any moment as the local port of an outgoing connection (the
 * services' PostgreSQL and HubSpot connections), and a worker restarted in the kill storm then
 * failed to start with "port 39652 … already in use".
 */
export const BENCH_PORTS = {
  intake: 29_100,
  journeyApi: 29_200,
  journeyApiWebhooks: 29_201,
  scaleOut: 29_300,
  /** The first of the realistic burst's blocks: 20 ports a run, 25 runs. */
  realisticBurst: 29_400,
} as const;
