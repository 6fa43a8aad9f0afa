package io.emabridge.usage.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/usage?serviceIds=1,2,3} (signed): the latest usage of those WHMCS
 * services, for the module's {@code UsageUpdate} and {@code MetricProvider}. Read-only.
 * Services without figures yet are listed apart.
 */
@RestController
class UsageController {

	private final UsageQuery query;

	private final int maxServiceIds;

	UsageController(UsageQuery query, int maxServiceIds) {
		this.query = query;
		this.maxServiceIds = maxServiceIds;
	}

	@GetMapping(path = "/api/usage", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> usage(@RequestParam(name = "serviceIds", required = false) String serviceIds) {
		Set<Long> ids = new LinkedHashSet<>();
		if (serviceIds == null || serviceIds.isBlank()) {
			return badRequest("serviceIds is required: a comma-separated list of WHMCS service ids");
		}
		for (String part : serviceIds.split(",")) {
			String id = part.strip();
			if (!id.matches("[1-9][0-9]{0,17}")) {
				return badRequest("serviceIds must be positive whole numbers, comma-separated; got '" + cut(id) + "'");
			}
			ids.add(Long.parseLong(id));
		}
		if (ids.size() > this.maxServiceIds) {
			return badRequest("at most " + this.maxServiceIds + " serviceIds per request; got " + ids.size());
		}
		List<UsageQuery.ServiceUsage> found = this.query.of(ids);
		List<Long> missing = new ArrayList<>(ids);
		found.forEach((usage) -> missing.remove(usage.serviceId()));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("services", found);
		body.put("withoutUsage", missing);
		body.put("lastCollection", this.query.lastCollection());
		return ResponseEntity.ok(body);
	}

	private static ResponseEntity<Map<String, Object>> badRequest(String detail) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Map.of("title", "Bad Request", "status", 400, "detail", detail));
	}

	private static String cut(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "...";
	}

}
