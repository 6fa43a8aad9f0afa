package io.emabridge.provisioning.whmcs;

import java.util.LinkedHashMap;
import java.util.Map;

import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.provisioning.config.WhmcsProperties;
import io.emabridge.provisioning.metrics.WorkerMetrics;

/**
 * The WHMCS port over the shared HTTP client: the slug goes into the service's username
 * and its custom field, the URL into its own; every call is timed and every failure
 * classified.
 */
class HttpWhmcsClient implements WhmcsClient {

	private static final String UPDATE = "UpdateClientProduct";

	private final WhmcsApiClient api;

	private final WhmcsProperties.CustomFields fields;

	private final WorkerMetrics metrics;

	HttpWhmcsClient(WhmcsApiClient api, WhmcsProperties.CustomFields fields, WorkerMetrics metrics) {
		this.api = api;
		this.fields = fields;
		this.metrics = metrics;
	}

	@Override
	public void writeBack(long serviceId, String slug, String url) {
		Map<Integer, String> customFields = new LinkedHashMap<>();
		customFields.put(this.fields.slug(), slug);
		customFields.put(this.fields.url(), url);
		WhmcsCalls.timed(this.metrics, UPDATE, () -> {
			this.api.updateClientProduct(serviceId, Map.of("serviceusername", slug), customFields);
			return null;
		});
	}

}
