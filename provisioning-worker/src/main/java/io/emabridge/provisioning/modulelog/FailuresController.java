package io.emabridge.provisioning.modulelog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/failures?after=<cursor>&limit=<n>} (signed): the dead letters recorded
 * after the cursor, oldest first, for the module's cron hook to write into WHMCS's Module
 * Log. Read-only.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class FailuresController {

	private final FailureLog log;

	private final int maxPageSize;

	FailuresController(FailureLog log, ModuleLogProperties properties) {
		this.log = log;
		this.maxPageSize = properties.maxPageSize();
	}

	@GetMapping(path = "/api/failures", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> failures(@RequestParam(name = "after", required = false) String after,
			@RequestParam(name = "limit", required = false) String limit) {
		FailureCursor cursor = FailureCursor.START;
		if (after != null && !after.isEmpty()) {
			Optional<FailureCursor> parsed = FailureCursor.parse(after);
			if (parsed.isEmpty()) {
				return badRequest("after must be a cursor this endpoint returned (<number>.<number>)");
			}
			cursor = parsed.get();
		}
		int pageSize = this.maxPageSize;
		if (limit != null) {
			if (!limit.matches("[1-9][0-9]{0,3}")) {
				return badRequest("limit must be a whole number from 1 to " + this.maxPageSize);
			}
			pageSize = Math.min(pageSize, Integer.parseInt(limit));
		}
		List<FailureLog.Failure> failures = this.log.after(cursor, pageSize);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("failures", failures);
		body.put("next", failures.isEmpty() ? cursor.toString() : failures.get(failures.size() - 1).cursor());
		return ResponseEntity.ok(body);
	}

	private static ResponseEntity<Map<String, Object>> badRequest(String detail) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Map.of("title", "Bad Request", "status", 400, "detail", detail));
	}

}
