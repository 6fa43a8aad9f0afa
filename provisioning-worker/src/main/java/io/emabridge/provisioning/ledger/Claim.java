package io.emabridge.provisioning.ledger;

/**
 * One claim of a service by an applier: the fencing token the ledger handed out with it.
 * Every write of the applier names the token and fails with {@link LeaseLostException}
 * once another claim replaced it, so that an instance that stalled past its lease (a GC
 * pause, a stopped process) writes nothing after the instance that took over.
 *
 * @param serviceId the WHMCS service id
 * @param token the claim's number, unique across every claim ever made
 */
public record Claim(long serviceId, long token) {
}
