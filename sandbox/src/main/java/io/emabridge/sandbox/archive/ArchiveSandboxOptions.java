package io.emabridge.sandbox.archive;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.support.ServerSettings;

/**
 * Options of the archive sandbox. Start from {@link #defaults()} and adjust with the
 * {@code with...} methods.
 *
 * @param server port (default 0 = free port), bind address, seed, request log capacity,
 * faults, clock, state file (default none)
 * @param apiKeys valid reseller API keys, one reseller account each (default
 * {@code sandbox-key})
 * @param baseDomain tenants are served at {@code https://{slug}.{baseDomain}} (default
 * {@code archive.example.test})
 * @param takenStatus status answered when a slug is taken: 422 (default) or 409
 * @param defaultPerPage page size of the list when {@code per_page} is absent (default
 * 50)
 * @param maxPerPage largest page size; larger requests are capped (default 1000)
 * @param reservedWords reserved slugs (default
 * {@link ArchiveSlugRules#DEFAULT_RESERVED_WORDS})
 * @param createShape which of the two documented create shapes the sandbox speaks
 * (default {@link CreateShape#REFERENCE})
 */
public record ArchiveSandboxOptions(ServerSettings server, Set<String> apiKeys, String baseDomain, int takenStatus,
		int defaultPerPage, int maxPerPage, Set<String> reservedWords, CreateShape createShape) {

	public static final String DEFAULT_API_KEY = "sandbox-key";

	public static final String DEFAULT_BASE_DOMAIN = "archive.example.test";

	public static final int DEFAULT_PER_PAGE = 50;

	public static final int DEFAULT_MAX_PER_PAGE = 1000;

	public ArchiveSandboxOptions {
		Objects.requireNonNull(server, "server");
		apiKeys = Set.copyOf(new LinkedHashSet<>(apiKeys));
		Objects.requireNonNull(baseDomain, "baseDomain");
		if (takenStatus != 409 && takenStatus != 422) {
			throw new IllegalArgumentException("takenStatus must be 409 or 422");
		}
		if (defaultPerPage < 1 || maxPerPage < defaultPerPage) {
			throw new IllegalArgumentException("need 1 <= defaultPerPage <= maxPerPage");
		}
		reservedWords = Set.copyOf(reservedWords);
		Objects.requireNonNull(createShape, "createShape");
	}

	public static ArchiveSandboxOptions defaults() {
		return new ArchiveSandboxOptions(ServerSettings.defaults(0), Set.of(DEFAULT_API_KEY), DEFAULT_BASE_DOMAIN, 422,
				DEFAULT_PER_PAGE, DEFAULT_MAX_PER_PAGE, ArchiveSlugRules.DEFAULT_RESERVED_WORDS, CreateShape.REFERENCE);
	}

	public ArchiveSandboxOptions withServer(ServerSettings settings) {
		return new ArchiveSandboxOptions(settings, this.apiKeys, this.baseDomain, this.takenStatus, this.defaultPerPage,
				this.maxPerPage, this.reservedWords, this.createShape);
	}

	public ArchiveSandboxOptions withPort(int port) {
		return withServer(this.server.withPort(port));
	}

	public ArchiveSandboxOptions withBindAddress(String address) {
		return withServer(this.server.withBindAddress(address));
	}

	public ArchiveSandboxOptions withSeed(long seed) {
		return withServer(this.server.withSeed(seed));
	}

	public ArchiveSandboxOptions withFaults(Faults faults) {
		return withServer(this.server.withFaults(faults));
	}

	public ArchiveSandboxOptions withClock(Clock clock) {
		return withServer(this.server.withClock(clock));
	}

	/**
	 * Keeps the tenants in this JSON file: loaded at start when it exists (a file that
	 * cannot be loaded fails the start), written within a second of every change and on
	 * close. Tenants are stored with the id of their key, never the key, and keep the url
	 * they were created with; faults, the request log and the API keys are not stored
	 * (they come from these options). Null (default) keeps everything in memory only.
	 */
	public ArchiveSandboxOptions withStateFile(Path file) {
		return withServer(this.server.withStateFile(file));
	}

	public ArchiveSandboxOptions withRequestLogCapacity(int capacity) {
		return withServer(this.server.withRequestLogCapacity(capacity));
	}

	public ArchiveSandboxOptions withApiKeys(String... keys) {
		return new ArchiveSandboxOptions(this.server, new LinkedHashSet<>(List.of(keys)), this.baseDomain,
				this.takenStatus, this.defaultPerPage, this.maxPerPage, this.reservedWords, this.createShape);
	}

	public ArchiveSandboxOptions withBaseDomain(String domain) {
		return new ArchiveSandboxOptions(this.server, this.apiKeys, domain, this.takenStatus, this.defaultPerPage,
				this.maxPerPage, this.reservedWords, this.createShape);
	}

	public ArchiveSandboxOptions withTakenStatus(int status) {
		return new ArchiveSandboxOptions(this.server, this.apiKeys, this.baseDomain, status, this.defaultPerPage,
				this.maxPerPage, this.reservedWords, this.createShape);
	}

	public ArchiveSandboxOptions withPaging(int perPageDefault, int perPageMax) {
		return new ArchiveSandboxOptions(this.server, this.apiKeys, this.baseDomain, this.takenStatus, perPageDefault,
				perPageMax, this.reservedWords, this.createShape);
	}

	public ArchiveSandboxOptions withReservedWords(Set<String> words) {
		return new ArchiveSandboxOptions(this.server, this.apiKeys, this.baseDomain, this.takenStatus,
				this.defaultPerPage, this.maxPerPage, words, this.createShape);
	}

	public ArchiveSandboxOptions withCreateShape(CreateShape shape) {
		return new ArchiveSandboxOptions(this.server, this.apiKeys, this.baseDomain, this.takenStatus,
				this.defaultPerPage, this.maxPerPage, this.reservedWords, shape);
	}

	/**
	 * The two create shapes the public pages document; a client must handle both.
	 */
	public enum CreateShape {

		/**
		 * The API reference: {@code {"slug","name"}} (slug and name required) answered
		 * 201 {@code {"data":{"slug","name","status","created_at"}}}, without a URL.
		 */
		REFERENCE,
		/**
		 * The shorter page: {@code {"company_name","admin_email","admin_name","plan"}}
		 * (company name, admin e-mail and name required) answered 201
		 * {@code {"slug","url","status"}}, no {@code data} wrapper; the slug is the one
		 * sent when there is one (validated as always), else chosen from the company
		 * name.
		 */
		OVERVIEW;

		/** The shape by its name, {@code reference} or {@code overview}. */
		public static CreateShape of(String name) {
			for (CreateShape shape : values()) {
				if (shape.name().equalsIgnoreCase(name.strip())) {
					return shape;
				}
			}
			throw new IllegalArgumentException("archive create shape must be reference or overview, got " + name);
		}

	}

}
