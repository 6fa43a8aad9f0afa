package io.emabridge.usage.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.emabridge.support.admin.AdminTokenProperties;
import io.emabridge.usage.collector.CollectionRuns;
import io.emabridge.usage.collector.CollectorService;
import io.emabridge.usage.writer.UnknownTenants;

/**
 * Operators' endpoints, behind the admin bearer token: start a collection now, see the
 * recent runs, see the tenants that no WHMCS service is known for. The token is checked
 * by service-support's admin token check before a request gets here; without a token
 * configured these endpoints exist all the same, and refuse every request.
 */
@RestController
@RequestMapping("/admin/usage")
class AdminController {

	private final AdminTokenProperties token;

	private final CollectorService collector;

	private final CollectionRuns runs;

	private final UnknownTenants unknownTenants;

	AdminController(AdminTokenProperties token, CollectorService collector, CollectionRuns runs,
			UnknownTenants unknownTenants) {
		this.token = token;
		this.collector = collector;
		this.runs = runs;
		this.unknownTenants = unknownTenants;
	}

	/**
	 * 202 with the run id when a run started; 409 when one is going on already, here or
	 * on another instance.
	 */
	@PostMapping("/collect")
	ResponseEntity<Map<String, Object>> collect() {
		ResponseEntity<Map<String, Object>> refused = refuseWithoutToken();
		if (refused != null) {
			return refused;
		}
		return this.collector.trigger("admin")
			.map((run) -> ResponseEntity.status(HttpStatus.ACCEPTED)
				.body(Map.<String, Object>of("status", "started", "runId", run.runId())))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Map.of("status", "busy", "message", "a collection run is going on already")));
	}

	@GetMapping("/runs")
	ResponseEntity<Map<String, Object>> runs() {
		ResponseEntity<Map<String, Object>> refused = refuseWithoutToken();
		if (refused != null) {
			return refused;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("running", this.collector.isRunning());
		body.put("lastSuccess", this.runs.lastSuccess().map(Object::toString).orElse(null));
		body.put("runs", this.runs.recent(20));
		return ResponseEntity.ok(body);
	}

	@GetMapping("/unknown-tenants")
	ResponseEntity<Map<String, Object>> unknownTenants() {
		ResponseEntity<Map<String, Object>> refused = refuseWithoutToken();
		if (refused != null) {
			return refused;
		}
		List<UnknownTenants.Unknown> unknown = this.unknownTenants.list(1000);
		return ResponseEntity.ok(Map.of("count", this.unknownTenants.count(), "tenants", unknown));
	}

	/**
	 * Without a token nothing checks requests here: every one is refused, saying why.
	 * With one, a request that reaches this controller has passed the check.
	 */
	private ResponseEntity<Map<String, Object>> refuseWithoutToken() {
		if (this.token.configured()) {
			return null;
		}
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.body(Map.of("status", "unauthorized", "message", "no admin token is configured (ema.admin.token)"));
	}

}
