package io.emabridge.system;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

import io.emabridge.model.lifecycle.LifecycleEventJson;

/**
 * One record of the compacted tenant state topic: what a worker said a service's tenant
 * is, and the version of the event it was brought to. The last record of a service is
 * what compaction keeps, and what every reader of the topic ends up believing.
 */
record TenantStateRecord(long serviceId, String slug, String status, String eventId) {

	static TenantStateRecord of(ConsumerRecord<String, byte[]> record) {
		JsonNode json = LifecycleEventJson.mapper().readTree(record.value());
		return new TenantStateRecord(json.get("serviceId").asLong(), json.get("slug").asString(),
				json.get("status").asString(), json.get("version").get("eventId").asString());
	}

}
