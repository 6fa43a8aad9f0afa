package io.emabridge.provisioning.drift;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.model.archive.Tenant;
import io.emabridge.model.lifecycle.EventType;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.lifecycle.ServiceSuspended;
import io.emabridge.model.lifecycle.ServiceTerminated;
import io.emabridge.model.lifecycle.ServiceUnsuspended;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.provisioning.decisions.Ownership;
import io.emabridge.provisioning.drift.DriftReport.FixResult;
import io.emabridge.provisioning.ledger.Adoptions;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.support.jdbc.AdvisoryLock;

/**
 * One reconciliation: reads the three views, names the drift and, when asked, corrects
 * what it may through the normal path (a lifecycle event, WHMCS's own module Create, or
 * the applier's WHMCS write-back), never by deleting anything. One run at a time: per
 * instance a lock, across instances a PostgreSQL advisory lock, so two instances never
 * both fix.
 * <p>
 * Untracked services (an existing installation's, see {@link DriftFinder}) are adopted
 * first: ledger writes only, a batch per statement, and not counted against
 * {@code max-fixes}, so that a first run over an inline module's installation imports it
 * whole. A corrective event an adopted service needs (no events of its own, and WHMCS's
 * status is not the tenant's) is a publication like any other fix, and counts.
 */
public class DriftReconciler {

	private static final Logger log = LoggerFactory.getLogger(DriftReconciler.class);

	private final ViewReader views;

	private final LedgerReader ledger;

	private final Adoptions adoptions;

	private final CorrectionPublisher publisher;

	private final WhmcsApiClient whmcs;

	private final AdvisoryLock lock;

	private final DriftMetrics metrics;

	private final Settings settings;

	private final Clock clock;

	private final ReentrantLock running = new ReentrantLock();

	private final AtomicReference<DriftReport> last = new AtomicReference<>();

	DriftReconciler(ViewReader views, LedgerReader ledger, Adoptions adoptions, CorrectionPublisher publisher,
			WhmcsApiClient whmcs, AdvisoryLock lock, DriftMetrics metrics, Settings settings, Clock clock) {
		this.views = views;
		this.ledger = ledger;
		this.adoptions = adoptions;
		this.publisher = publisher;
		this.whmcs = whmcs;
		this.lock = lock;
		this.metrics = metrics;
		this.settings = settings;
		this.clock = clock;
	}

	/** Runs once; empty when a run is already under way here or on another instance. */
	public Optional<DriftReport> run(boolean fix) {
		return run(fix, (step) -> {
		});
	}

	/**
	 * Runs once, telling {@code progress} each step as the run reaches it; empty when a
	 * run is already under way here or on another instance.
	 */
	public Optional<DriftReport> run(boolean fix, Consumer<ReconcileStep> progress) {
		if (!this.running.tryLock()) {
			this.metrics.skipped();
			return Optional.empty();
		}
		try {
			Instant started = now();
			Optional<AdvisoryLock.Held> held;
			try {
				held = this.lock.tryAcquire();
			}
			catch (RuntimeException ex) {
				return Optional.of(completed(DriftReport.failed(started, now(), fix, ex.getMessage())));
			}
			if (held.isEmpty()) {
				log.info("Another instance is reconciling; this run is skipped");
				this.metrics.skipped();
				return Optional.empty();
			}
			try (AdvisoryLock.Held lease = held.get()) {
				return Optional.of(completed(reconcile(started, fix, progress)));
			}
		}
		finally {
			this.running.unlock();
		}
	}

	/** The report of the last completed run on this instance. */
	public Optional<DriftReport> last() {
		return Optional.ofNullable(this.last.get());
	}

	private DriftReport completed(DriftReport report) {
		this.last.set(report);
		this.metrics.completed(report);
		if (report.outcome() == DriftReport.Outcome.FAILED) {
			log.warn("Reconciliation failed: {}", report.error());
		}
		else {
			log.info("Reconciliation {}: {} services, {} tenants, {} in progress, drift {}, {} fix(es)",
					report.outcome().value(), report.services(), report.tenants(), report.inProgress().size(),
					report.counts(), report.fixes().size());
		}
		return report;
	}

	private DriftReport reconcile(Instant started, boolean fix, Consumer<ReconcileStep> progress) {
		try {
			// WHMCS first, the archive last: a WHMCS action taken before the WHMCS read
			// has reached the ledger by the
			// ledger read (work pending: in progress) unless its event is still in Kafka,
			// and the applier's work
			// recorded in the ledger read is at the archive by the archive read
			progress.accept(ReconcileStep.of(ReconcileStep.Phase.READING_WHMCS, null));
			List<WhmcsServiceView> services = this.views.whmcsServices();
			progress
				.accept(ReconcileStep.of(ReconcileStep.Phase.READING_LEDGER, services.size() + " WHMCS services read"));
			List<LedgerServiceView> rows = this.ledger.services();
			progress
				.accept(ReconcileStep.of(ReconcileStep.Phase.READING_ARCHIVE, rows.size() + " ledger services read"));
			List<ViewReader.Listed> listed = this.views.tenants();
			List<Tenant> tenants = listed.stream().map(ViewReader.Listed::tenant).toList();
			progress.accept(ReconcileStep.of(ReconcileStep.Phase.COMPARING, tenants.size() + " archive tenants read"));
			DriftFinder.Findings findings = recheck(DriftFinder.find(services, rows, tenants,
					new DriftFinder.Rules(now(), this.settings.missingCreateAfter())));
			Map<Long, WhmcsServiceView> byId = new HashMap<>();
			services.forEach((service) -> byId.put(service.serviceId(), service));
			Map<String, ViewReader.Listed> bySlug = new HashMap<>();
			listed.forEach((tenant) -> bySlug.put(tenant.tenant().slug(), tenant));
			List<FixResult> fixes = List.of();
			if (fix) {
				progress.accept(
						ReconcileStep.of(ReconcileStep.Phase.FIXING, findings.drifts().size() + " differences found"));
				fixes = fix(findings.drifts(), byId, bySlug);
			}
			return DriftReport.of(started, now(), fix, findings, fixes);
		}
		catch (RuntimeException ex) {
			return DriftReport.failed(started, now(), fix, String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * Services the applier took up while the views were read are in progress after all;
	 * their rows are read again in one query.
	 */
	private DriftFinder.Findings recheck(DriftFinder.Findings findings) {
		Set<Long> ids = new LinkedHashSet<>();
		findings.drifts().stream().map(Drift::serviceId).filter(Objects::nonNull).forEach(ids::add);
		Set<Long> busy = new HashSet<>();
		for (LedgerServiceView row : this.ledger.services(ids)) {
			if (DriftFinder.busy(row)) {
				busy.add(row.serviceId());
			}
		}
		List<Drift> drifts = new ArrayList<>();
		Set<Long> inProgress = new LinkedHashSet<>(findings.inProgress());
		for (Drift drift : findings.drifts()) {
			if (drift.serviceId() != null && busy.contains(drift.serviceId())) {
				inProgress.add(drift.serviceId());
				continue;
			}
			drifts.add(drift);
		}
		return new DriftFinder.Findings(List.copyOf(drifts), findings.services(), findings.tenants(),
				List.copyOf(inProgress));
	}

	private List<FixResult> fix(List<Drift> drifts, Map<Long, WhmcsServiceView> services,
			Map<String, ViewReader.Listed> tenants) {
		List<FixResult> results = new ArrayList<>();
		List<Drift> work = new ArrayList<>();
		List<Drift> untracked = drifts.stream().filter((drift) -> drift.remedy() == Remedy.ADOPT).toList();
		if (!untracked.isEmpty()) {
			work.addAll(adopt(untracked, services, tenants, results));
		}
		drifts.stream().filter((drift) -> drift.fixable() && drift.remedy() != Remedy.ADOPT).forEach(work::add);
		work.sort(Comparator.comparing(Drift::serviceId, Comparator.nullsLast(Comparator.naturalOrder())));
		int budget = this.settings.maxFixes();
		for (Drift drift : work) {
			if (budget == 0) {
				results.add(new FixResult(drift.kind(), drift.serviceId(), drift.remedy(), FixResult.SKIPPED,
						"over ema.reconcile.max-fixes (" + this.settings.maxFixes() + ") for one run"));
				continue;
			}
			budget--;
			try {
				String detail = apply(drift, services.get(drift.serviceId()));
				log.info("Drift {} of service {}: {}", drift.kind().value(), drift.serviceId(), detail);
				results.add(new FixResult(drift.kind(), drift.serviceId(), drift.remedy(), FixResult.APPLIED, detail));
				this.metrics.fix(drift.kind(), true);
			}
			catch (RuntimeException ex) {
				log.warn("Drift {} of service {} not fixed: {}", drift.kind().value(), drift.serviceId(),
						ex.toString());
				results.add(new FixResult(drift.kind(), drift.serviceId(), drift.remedy(), FixResult.FAILED,
						String.valueOf(ex.getMessage())));
				this.metrics.fix(drift.kind(), false);
			}
		}
		return results;
	}

	/**
	 * Adopts the untracked services' tenants in the ledger and adds a result for each.
	 * @return the corrections adopted services need: a status event for those without
	 * events of their own whose tenant is not in the status WHMCS asks for
	 */
	private List<Drift> adopt(List<Drift> untracked, Map<Long, WhmcsServiceView> services,
			Map<String, ViewReader.Listed> tenants, List<FixResult> results) {
		Instant at = now().truncatedTo(ChronoUnit.MICROS);
		List<Adoptions.Adoption> adoptions = new ArrayList<>(untracked.size());
		for (Drift drift : untracked) {
			WhmcsServiceView service = services.get(drift.serviceId());
			ViewReader.Listed listed = tenants.get(drift.slug());
			Tenant tenant = listed.tenant();
			adoptions
				.add(new Adoptions.Adoption(drift.serviceId(), tenant.slug(),
						urlOf(tenant, listed.account().baseDomain()), appliedStatus(tenant), Ownership
							.imported(service.serviceId(), this.settings.slugFieldId(), service.status(), tenant, at),
						listed.account().representativeServer()));
		}
		Map<Long, Adoptions.Outcome> outcomes;
		try {
			outcomes = this.adoptions.adopt(adoptions, at);
		}
		catch (RuntimeException ex) {
			log.warn("Adoption of {} untracked service(s) failed: {}", untracked.size(), ex.toString());
			for (Drift drift : untracked) {
				results.add(new FixResult(drift.kind(), drift.serviceId(), drift.remedy(), FixResult.FAILED,
						String.valueOf(ex.getMessage())));
				this.metrics.fix(drift.kind(), false);
			}
			return List.of();
		}
		List<Drift> corrections = new ArrayList<>();
		int adopted = 0;
		for (Drift drift : untracked) {
			Adoptions.Outcome outcome = outcomes.get(drift.serviceId());
			if (outcome == null || !outcome.adopted()) {
				results.add(new FixResult(drift.kind(), drift.serviceId(), drift.remedy(), FixResult.IN_PROGRESS,
						"not adopted: the service or the slug changed in the ledger since it was read (an event, a"
								+ " create or another owner); the next run looks again"));
				continue;
			}
			adopted++;
			this.metrics.fix(drift.kind(), true);
			String detail = "adopted tenant '" + drift.slug() + "' (" + Ownership.Evidence.ADOPTED_IMPORT.value() + ")";
			WhmcsStatus wants = WhmcsStatus.of(services.get(drift.serviceId()).status());
			if (outcome.eventsDue()) {
				detail += "; its recorded events apply now";
			}
			else if (wants.archiveStatus() != null && !wants.archiveStatus().equals(drift.archiveStatus())) {
				detail += "; the tenant is " + drift.archiveStatus() + " where WHMCS says "
						+ services.get(drift.serviceId()).status();
				corrections.add(new Drift(DriftKind.STATUS_MISMATCH, drift.serviceId(), drift.slug(),
						drift.whmcsStatus(), drift.ledgerStatus(), drift.archiveStatus(),
						"adopted without events of its own", Remedy.PUBLISH_STATUS));
			}
			log.debug("Drift {} of service {}: {}", drift.kind().value(), drift.serviceId(), detail);
			results.add(new FixResult(drift.kind(), drift.serviceId(), drift.remedy(), FixResult.APPLIED, detail));
		}
		log.info("Adopted {} of {} untracked service(s); {} need a status event", adopted, untracked.size(),
				corrections.size());
		return corrections;
	}

	private static String urlOf(Tenant tenant, String baseDomain) {
		return (tenant.url() != null && !tenant.url().isBlank()) ? tenant.url()
				: "https://" + tenant.slug() + "." + baseDomain;
	}

	private static ServiceStatus appliedStatus(Tenant tenant) {
		if (tenant.isActive()) {
			return ServiceStatus.ACTIVE;
		}
		return tenant.isSuspended() ? ServiceStatus.SUSPENDED : null;
	}

	private String apply(Drift drift, WhmcsServiceView service) {
		long id = drift.serviceId();
		Instant at = now().truncatedTo(ChronoUnit.MICROS);
		switch (drift.remedy()) {
			case PUBLISH_STATUS -> {
				LifecycleEvent event = statusEvent(WhmcsStatus.of(service.status()).correction(), service, at);
				this.publisher.publish(event);
				return "published " + event.type() + " " + event.eventId();
			}
			case REPUBLISH_CREATE -> {
				byte[] payload = this.ledger.createPayload(id)
					.orElseThrow(() -> new IllegalStateException("the ledger has no create event any more"));
				ServiceCreated stored = (ServiceCreated) LifecycleEventJson.read(payload);
				ServiceCreated create = new ServiceCreated(UUID.randomUUID(), at, id, stored.clientId(),
						stored.productId(), stored.serverId(), stored.domain(), stored.client(), stored.options());
				this.publisher.publish(create);
				String detail = "published " + create.type() + " " + create.eventId() + " from stored "
						+ stored.eventId();
				EventType then = WhmcsStatus.of(service.status()).correction();
				if (then != EventType.UNSUSPEND) {
					// one microsecond later, so that it is the newest and the tenant ends
					// where WHMCS has it
					LifecycleEvent status = statusEvent(then, service, at.plus(1, ChronoUnit.MICROS));
					this.publisher.publish(status);
					detail += ", then " + status.type() + " " + status.eventId();
				}
				return detail;
			}
			case MODULE_CREATE -> {
				this.whmcs.moduleCreate(id);
				return "asked WHMCS to run the module's Create";
			}
			case REARM_WRITE_BACK -> {
				if (!this.ledger.rearmWriteBack(id, now())) {
					throw new IllegalStateException("the ledger has no tenant for the service any more");
				}
				return "WHMCS write-back of slug '" + drift.slug() + "' due again";
			}
			default -> throw new IllegalStateException("nothing to do for " + drift.remedy());
		}
	}

	static LifecycleEvent statusEvent(EventType type, WhmcsServiceView service, Instant at) {
		UUID id = UUID.randomUUID();
		Long client = (service.clientId() > 0) ? service.clientId() : null;
		Long product = (service.productId() > 0) ? service.productId() : null;
		return switch (type) {
			case SUSPEND -> new ServiceSuspended(id, at, service.serviceId(), client, product, null,
					"Drift reconciliation: the WHMCS status is " + service.status());
			case UNSUSPEND -> new ServiceUnsuspended(id, at, service.serviceId(), client, product, null);
			case TERMINATE -> new ServiceTerminated(id, at, service.serviceId(), client, product, null);
			case CREATE -> throw new IllegalArgumentException("a create is never made up: it comes from WHMCS");
		};
	}

	private Instant now() {
		return this.clock.instant();
	}

	/**
	 * How the reconciler behaves.
	 *
	 * @param maxFixes the most corrections one run makes (adoptions are not counted)
	 * @param missingCreateAfter how long events may wait for a create before that is
	 * drift
	 * @param slugFieldId the WHMCS "Archive slug" custom field, named in the evidence of
	 * an adoption
	 */
	record Settings(int maxFixes, Duration missingCreateAfter, int slugFieldId) {
	}

}
