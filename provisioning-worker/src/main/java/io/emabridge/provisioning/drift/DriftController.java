package io.emabridge.provisioning.drift;

import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.emabridge.deadletters.admin.AdminTokenConfigured;

/**
 * {@code POST /admin/reconcile?fix=true|false} runs a reconciliation now and answers its
 * report; {@code GET /admin/reconcile} answers the last one. Behind the admin bearer
 * token like every {@code /admin/**} path.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(AdminTokenConfigured.class)
@RequestMapping("/admin/reconcile")
class DriftController {

	private final DriftReconciler reconciler;

	DriftController(DriftReconciler reconciler) {
		this.reconciler = reconciler;
	}

	/**
	 * 200 with the report (drift or not), 503 with it when a view could not be read, 409
	 * while a run is going on.
	 */
	@PostMapping
	ResponseEntity<?> run(@RequestParam(defaultValue = "false") boolean fix) {
		Optional<DriftReport> report = this.reconciler.run(fix);
		if (report.isEmpty()) {
			return problem(HttpStatus.CONFLICT, "A reconciliation is already running on this or another instance;"
					+ " GET /admin/reconcile gives the last report of this instance");
		}
		return ResponseEntity.status(
				(report.get().outcome() == DriftReport.Outcome.FAILED) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
			.body(report.get());
	}

	@GetMapping
	ResponseEntity<?> last() {
		return this.reconciler.last()
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> problem(HttpStatus.NOT_FOUND,
					"No reconciliation has run on this instance yet: POST /admin/reconcile runs one"));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
