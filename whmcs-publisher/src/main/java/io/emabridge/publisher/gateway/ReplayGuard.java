package io.emabridge.publisher.gateway;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.emabridge.publisher.gateway.EventController.Accepted;

/**
 * Remembers accepted requests by their signature for as long as their timestamp is within
 * the tolerance, so that the same signed bytes sent again (a captured request replayed,
 * or the module retrying within the same second after losing an answer) are answered as
 * the first time and not published twice. Only accepted requests are remembered: a retry
 * after a 503 is published normally. A replay outside the tolerance fails the signature
 * check.
 */
final class ReplayGuard {

	private final Cache<String, Accepted> accepted;

	ReplayGuard(int size, Duration tolerance) {
		// either side of the gateway's clock: a timestamp can be accepted for twice the
		// tolerance
		this.accepted = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(tolerance.multipliedBy(2)).build();
	}

	Optional<Accepted> previous(String signature) {
		return (signature != null) ? Optional.ofNullable(this.accepted.getIfPresent(signature)) : Optional.empty();
	}

	void remember(String signature, Accepted answer) {
		if (signature != null) {
			this.accepted.put(signature, answer);
		}
	}

}
