package io.emabridge.usage.whmcs;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.ratelimiter.RateLimiter;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.model.whmcs.WhmcsApiException;
import io.emabridge.usage.config.WhmcsProperties;
import io.emabridge.usage.metrics.UsageMetrics;
import io.emabridge.usage.pacing.EvenPace;

/**
 * {@code UpdateClientProduct} with {@code diskusage} (MB) and the active-users and
 * licenses custom fields, at most the configured calls per second from this instance (one
 * limiter shared by every consumer thread). WHMCS stamps {@code lastupdate} itself
 * whenever the usage fields change; its API has no field to set it.
 */
class RateLimitedWhmcsTarget implements UsageTarget {

	private static final String ACTION = "UpdateClientProduct";

	private final WhmcsApiClient client;

	private final WhmcsProperties.CustomFields fields;

	private final RateLimiter limiter;

	private final UsageMetrics metrics;

	RateLimitedWhmcsTarget(WhmcsApiClient client, WhmcsProperties.CustomFields fields, double callsPerSecond,
			UsageMetrics metrics) {
		this.client = client;
		this.fields = fields;
		this.limiter = EvenPace.limiter("whmcs-usage-writes", callsPerSecond);
		this.metrics = metrics;
	}

	@Override
	public void write(long serviceId, WrittenUsage usage) {
		RateLimiter.waitForPermission(this.limiter);
		Map<String, String> plain = new LinkedHashMap<>();
		plain.put("diskusage", Long.toString(usage.diskUsageMegabytes()));
		Map<Integer, String> custom = new LinkedHashMap<>();
		custom.put(this.fields.activeUsers(), Long.toString(usage.activeUsers()));
		custom.put(this.fields.licenses(), Long.toString(usage.licenses()));
		long start = System.nanoTime();
		String status = "200";
		try {
			this.client.updateClientProduct(serviceId, plain, custom);
		}
		catch (WhmcsApiException ex) {
			status = (ex.status() == WhmcsApiException.NO_STATUS) ? "none"
					: (ex.status() == 200) ? "error" : Integer.toString(ex.status());
			throw ex;
		}
		finally {
			this.metrics.whmcsRequest(ACTION, status, System.nanoTime() - start);
		}
	}

}
