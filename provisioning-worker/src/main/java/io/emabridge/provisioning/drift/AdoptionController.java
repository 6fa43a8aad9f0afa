package io.emabridge.provisioning.drift;

import java.time.Clock;
import java.util.Map;

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

import io.emabridge.model.archive.ArchiveApiException;
import io.emabridge.model.archive.Tenant;
import io.emabridge.model.slug.SlugRules;
import io.emabridge.provisioning.archive.ArchiveAccount;
import io.emabridge.provisioning.archive.ArchiveAccounts;
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

	private final ArchiveAccounts accounts;

	private final Adoptions adoptions;

	private final Clock clock;

	AdoptionController(ArchiveAccounts accounts, JdbcTemplate jdbc, Clock clock) {
		this.accounts = accounts;
		this.adoptions = new Adoptions(jdbc);
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
		// slugs are unique across reseller accounts: the account that lists it holds it
		Tenant found = null;
		ArchiveAccount holder = null;
		for (ArchiveAccount account : this.accounts.all()) {
			try {
				found = account.api().getTenant(request.slug());
				holder = account;
				break;
			}
			catch (ArchiveApiException ex) {
				if (!ex.isNotFound()) {
					return problem(HttpStatus.SERVICE_UNAVAILABLE,
							"The archive could not be asked (account " + account.name() + "): " + ex.getMessage());
				}
			}
		}
		if (found == null) {
			return problem(HttpStatus.CONFLICT, "The archive has no tenant '" + request.slug()
					+ "' under this installation's reseller " + ((this.accounts.all().size() > 1) ? "keys" : "key"));
		}
		String url = (found.url() != null && !found.url().isBlank()) ? found.url()
				: "https://" + found.slug() + "." + holder.baseDomain();
		ServiceStatus status = found.isActive() ? ServiceStatus.ACTIVE
				: (found.isSuspended() ? ServiceStatus.SUSPENDED : null);
		Ownership.Proof proof = new Ownership.Proof(Ownership.Evidence.ADOPTED_OPERATOR,
				"adopted by an operator at " + this.clock.instant() + " (" + request.reason().strip() + "); tenant '"
						+ found.slug() + "' named '" + found.name() + "', created " + found.createdAt());
		Adoptions.Outcome outcome = this.adoptions.adoptByOperator(
				new Adoptions.Adoption(serviceId, found.slug(), url, status, proof, holder.representativeServer()),
				this.clock.instant());
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
