package io.emabridge.provisioning.drift;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.support.admin.AdminTokenConfigured;

/**
 * {@code POST /admin/reconcile?fix=true|false} runs a reconciliation now and answers its
 * report; asked for {@code application/x-ndjson}, it answers a line per step as the run
 * reaches it instead, the report on the last. {@code GET /admin/reconcile} answers the
 * last report. Behind the admin bearer token like every {@code /admin/**} path.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(AdminTokenConfigured.class)
@RequestMapping("/admin/reconcile")
class DriftController {

	static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	/**
	 * How long a streamed answer may stay open: a run over many services takes minutes.
	 */
	private static final Duration STREAM_TIMEOUT = Duration.ofHours(1);

	private static final Logger log = LoggerFactory.getLogger(DriftController.class);

	private final DriftReconciler reconciler;

	private final JsonMapper json;

	DriftController(DriftReconciler reconciler, JsonMapper json) {
		this.reconciler = reconciler;
		this.json = json;
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

	/**
	 * 200 with a line per step ({@link ReconcileStep}): the phases as the run reaches
	 * them, then {@code done} with the report (whatever its outcome), or {@code busy}
	 * while a run is going on elsewhere.
	 */
	@PostMapping(produces = "application/x-ndjson")
	ResponseEntity<ResponseBodyEmitter> runStreamingSteps(@RequestParam(defaultValue = "false") boolean fix) {
		ResponseBodyEmitter emitter = new ResponseBodyEmitter(STREAM_TIMEOUT.toMillis());
		Consumer<ReconcileStep> send = (step) -> {
			try {
				emitter.send(this.json.writeValueAsString(step) + "\n", MediaType.TEXT_PLAIN);
			}
			catch (IOException | IllegalStateException ex) {
				// the caller went away: the run goes on, its report stays for GET
				log.debug("Reconciliation step not sent: {}", ex.toString());
			}
		};
		Thread run = new Thread(() -> {
			try {
				Optional<DriftReport> report = this.reconciler.run(fix, send);
				send.accept(report.map(ReconcileStep::done)
					.orElseGet(() -> ReconcileStep.of(ReconcileStep.Phase.BUSY,
							"A reconciliation is already running on this or another instance")));
				emitter.complete();
			}
			catch (RuntimeException ex) {
				emitter.completeWithError(ex);
			}
		}, "reconcile-request");
		run.start();
		return ResponseEntity.ok().contentType(NDJSON).body(emitter);
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
