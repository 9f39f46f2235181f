// Names used in error hints: the environment variables that override a venue's endpoints.

/** `DIG3_BINANCE_WS_URL` from a socket or client name such as "binance/spot#0". */
export function describeUrlEnvVar(name: string, kind: "WS" | "REST"): string {
  const venue = (name.split(/[/#]/)[0] || name).toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  return `DIG3_${venue}_${kind}_URL`;
}
