package io.emabridge.provisioning.drift;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.Tenant;
import io.emabridge.model.slug.SlugRules;
import io.emabridge.provisioning.config.ArchiveProperties;
import io.emabridge.provisioning.decisions.Ownership;
import io.emabridge.provisioning.ledger.Adoptions;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.support.admin.AdminTokenConfigured;

/**
 * {@code POST /admin/services/{serviceId}/adopt} with {@code {"slug","reason"}}: an
 * operator states that a tenant under the reseller's key is the service's own (a parked
 * service whose customer really owns the tenant its requested slug names, or a tenant
 * made by hand for it). The tenant must exist under our key, and no other service may own
 * or have reserved it; the operator's reason is kept as the proof. The service's newest
 * recorded intent then applies, and its slug is written back into WHMCS. Behind the admin
 * bearer token like every {@code /admin/**} path.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(AdminTokenConfigured.class)
class AdoptionController {

	private static final Logger log = LoggerFactory.getLogger(AdoptionController.class);

	private final ArchiveApiClient archive;

	private final Adoptions adoptions;

	private final String baseDomain;

	private final Clock clock;

	AdoptionController(ArchiveApiClient archive, JdbcTemplate jdbc, ArchiveProperties properties, Clock clock) {
		this.archive = archive;
		this.adoptions = new Adoptions(jdbc);
		this.baseDomain = properties.baseDomain();
		this.clock = clock;
	}

	@PostMapping("/admin/services/{serviceId}/adopt")
	ResponseEntity<?> adopt(@PathVariable long serviceId, @RequestBody AdoptionRequest request) {
		if (serviceId < 1) {
			return problem(HttpStatus.BAD_REQUEST, "serviceId must be a WHMCS service id (a positive number)");
		}
		if (request == null || request.slug() == null || !SlugRules.isValid(request.slug())) {
			return problem(HttpStatus.BAD_REQUEST, "slug must be a valid archive slug");
		}
		if (request.reason() == null || request.reason().isBlank()) {
			return problem(HttpStatus.BAD_REQUEST,
					"reason is required: why the tenant is this service's (it is kept as the proof)");
		}
		Optional<Tenant> tenant;
		try {
			tenant = Optional.of(this.archive.getTenant(request.slug()));
		}
		catch (ArchiveApiException ex) {
			if (!ex.isNotFound()) {
				return problem(HttpStatus.SERVICE_UNAVAILABLE, "The archive could not be asked: " + ex.getMessage());
			}
			tenant = Optional.empty();
		}
		if (tenant.isEmpty()) {
			return problem(HttpStatus.CONFLICT,
					"The archive has no tenant '" + request.slug() + "' under this reseller key");
		}
		Tenant found = tenant.get();
		String url = (found.url() != null && !found.url().isBlank()) ? found.url()
				: "https://" + found.slug() + "." + this.baseDomain;
		ServiceStatus status = found.isActive() ? ServiceStatus.ACTIVE
				: (found.isSuspended() ? ServiceStatus.SUSPENDED : null);
		Ownership.Proof proof = new Ownership.Proof(Ownership.Evidence.ADOPTED_OPERATOR,
				"adopted by an operator at " + this.clock.instant() + " (" + request.reason().strip() + "); tenant '"
						+ found.slug() + "' named '" + found.name() + "', created " + found.createdAt());
		Adoptions.Outcome outcome = this.adoptions
			.adoptByOperator(new Adoptions.Adoption(serviceId, found.slug(), url, status, proof), this.clock.instant());
		if (!outcome.adopted()) {
			return problem(HttpStatus.CONFLICT, "Not adopted: service " + serviceId
					+ " already owns a tenant, or another service owns or reserved '" + found.slug() + "'");
		}
		log.warn("Service {}: tenant {} adopted by an operator: {}", serviceId, found.slug(), request.reason());
		return ResponseEntity.ok(Map.of("serviceId", serviceId, "slug", found.slug(), "adopted", true, "eventsDue",
				outcome.eventsDue()));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
	}

	/** What the operator states. */
	record AdoptionRequest(String slug, String reason) {
	}

}
