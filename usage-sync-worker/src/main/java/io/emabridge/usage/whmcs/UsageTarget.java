package io.emabridge.usage.whmcs;

/** Where the writer puts a tenant's figures: one WHMCS service. */
public interface UsageTarget {

	/**
	 * Writes the figures onto the service ({@code UpdateClientProduct}), waiting for the
	 * rate limit first.
	 * @throws io.emabridge.model.whmcs.WhmcsApiException when WHMCS did not take them
	 */
	void write(long serviceId, WrittenUsage usage);

	/** What is written: disk usage in MB, active users and licenses. */
	record WrittenUsage(long diskUsageMegabytes, long activeUsers, long licenses) {
	}

}
