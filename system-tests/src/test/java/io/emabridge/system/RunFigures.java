package io.emabridge.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one run of histories did and what it found, counted rather than asserted, so that
 * the long runs can say it on the reliability page (a failing run's figures included).
 *
 * @param seed the run's seed
 * @param services services with a history
 * @param actions what WHMCS did to them (each create, suspend, unsuspend, terminate once)
 * @param calls module calls sent, by event type: the actions plus the same call twice,
 * old calls replayed
 * @param pastTheGateway creates written straight to the topic (names the gateway refuses)
 * @param poisonRecords records that are no events, written straight to the topic
 * @param foreignTenants tenants made outside the bridge under slugs its services want
 * @param parked services whose slug is a foreign tenant's and may not vary
 * @param archiveRequests requests the archive sandbox answered during the run
 * @param archiveFaults the archive's injected faults by kind ({@code error},
 * {@code drop}, {@code rate-limit}, {@code error-after-apply}, ...)
 * @param whmcsFaults WHMCS's injected faults by kind ({@code down}, ...)
 * @param unavailableAnswers gateway answers 503 (Kafka unavailable), each call made again
 * @param workerKills worker processes killed ({@code kill -9}) during the run
 * @param divergences what differs from the model at the end, one line each: a service not
 * in the state its history asks for, dead letters not as expected
 * @param lostActions module calls the gateway acknowledged (or records the broker
 * acknowledged) that are not on the lifecycle topic
 * @param duplicateCreates tenants made beyond one per service
 * @param deleteCalls DELETE requests the archive saw
 * @param secretsFound secrets (gateway secret, archive key, WHMCS secret) found in a
 * service's output or metrics, one per secret and place
 * @param foreignWrites requests other than reads to tenants made outside the bridge
 * @param sending time from the first module call to the last
 * @param converging time from the last module call (or the end of a fault the caller
 * waited out) until every service was as the model says, or until the run gave up
 */
record RunFigures(long seed, int services, int actions, Map<String, Integer> calls, int pastTheGateway,
		int poisonRecords, int foreignTenants, int parked, long archiveRequests, Map<String, Long> archiveFaults,
		Map<String, Long> whmcsFaults, int unavailableAnswers, int workerKills, List<String> divergences,
		int lostActions, int duplicateCreates, long deleteCalls, int secretsFound, long foreignWrites, Duration sending,
		Duration converging) {

	RunFigures {
		calls = Map.copyOf(calls);
		archiveFaults = Map.copyOf(archiveFaults);
		whmcsFaults = Map.copyOf(whmcsFaults);
		divergences = List.copyOf(divergences);
	}

	int moduleCalls() {
		return this.calls.values().stream().mapToInt(Integer::intValue).sum();
	}

}
