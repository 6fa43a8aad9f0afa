package io.emabridge.usage.writer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.emabridge.model.whmcs.WhmcsApiException;
import io.emabridge.usage.whmcs.UsageTarget;

/**
 * WHMCS's services in memory with scripted failures, for the writer's plain-Java tests:
 * what each service holds, and every call made.
 */
final class FakeWhmcs implements UsageTarget {

	final Map<Long, WrittenUsage> services = new HashMap<>();

	/** Every call, in order, as {@code "<service id> <figures>"}. */
	final List<String> calls = new ArrayList<>();

	/** Thrown by the next call for the service, once, before it writes anything. */
	final Map<Long, WhmcsApiException> failNext = new HashMap<>();

	@Override
	public void write(long serviceId, WrittenUsage usage) {
		this.calls.add(serviceId + " " + usage);
		WhmcsApiException failure = this.failNext.remove(serviceId);
		if (failure != null) {
			throw failure;
		}
		this.services.put(serviceId, usage);
	}

	/** WHMCS answered with an error it will give again (an unknown custom field, say). */
	static WhmcsApiException refused(String message) {
		return new WhmcsApiException("UpdateClientProduct", 200, false, message, null);
	}

	/** WHMCS could not be reached, or answered 5xx: worth another try. */
	static WhmcsApiException unavailable() {
		return new WhmcsApiException("UpdateClientProduct", WhmcsApiException.NO_STATUS, true, "connection refused",
				null);
	}

	/** WHMCS refused the API credentials. */
	static WhmcsApiException credentialsRefused() {
		return new WhmcsApiException("UpdateClientProduct", 403, false, "Invalid IP or credentials", null);
	}

}
