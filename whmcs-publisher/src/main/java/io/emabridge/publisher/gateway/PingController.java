package io.emabridge.publisher.gateway;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.emabridge.support.kafka.KafkaHealth;

/**
 * Lets the module's TestConnection check, with a signed empty request, that the gateway
 * answers, accepts its secret and can reach Kafka.
 */
@RestController
class PingController {

	private final KafkaHealth kafkaHealth;

	PingController(KafkaHealth kafkaHealth) {
		this.kafkaHealth = kafkaHealth;
	}

	@GetMapping(path = "/api/whmcs/ping", produces = MediaType.APPLICATION_JSON_VALUE)
	Ping ping() {
		return new Ping("ok", this.kafkaHealth.isUp() ? "up" : "down");
	}

	record Ping(String status, String kafka) {
	}

}
