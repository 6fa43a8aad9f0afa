package io.emabridge.sandbox.whmcs;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.support.ServerSettings;

/**
 * Options of the WHMCS sandbox. Start from {@link #defaults()} and adjust with the
 * {@code with...} methods.
 *
 * @param server port (default 0 = free port), bind address, seed, request log capacity,
 * faults, clock, state file (default none)
 * @param credentials API identifier to secret (default {@code sandbox} / {@code sandbox})
 * @param products products with their custom fields (default
 * {@link WhmcsProduct#easyMailArchive()})
 * @param autoCreateServices an unknown service id is created (Active, product
 * {@code defaultPid}, client id = service id) on first use instead of answering "Service
 * ID Not Found" (default false)
 * @param defaultPid product of auto-created services (default 1)
 * @param emptyProductsAsString {@code GetClientsProducts} without results answers
 * {@code "products":""} as WHMCS does, rather than {@code {"product":[]}} (default true)
 * @param accessKey the installation's API access key ({@code $api_access_key}): a request
 * from an address not in {@code allowedIps} is taken only when it carries
 * {@code accesskey} with this value, else answered 403 "Invalid IP &lt;address&gt;", as
 * WHMCS does (default {@link #DEFAULT_ACCESS_KEY}); {@code null} for none, so that only
 * allow-listed addresses get in
 * @param allowedIps addresses that may call without an access key (General Settings >
 * Security > API IP Access Restriction; default none, so every test sends the key)
 * @param apiRole the actions the credentials' API role allows (case-insensitive); others
 * are answered 403 "Invalid Permissions: API action "x" is not allowed"; empty (default)
 * allows every action
 * @param numbersAsStrings ids, counts and usage figures in answers are JSON strings
 * ({@code "id":"1"}, {@code "totalresults":"2"}) as WHMCS sends them (default true);
 * false answers plain JSON numbers
 * @param departments support department id to name (default 1 Billing, 2 Support, 3
 * Operations); {@code OpenTicket} in any other answers "Department ID not found"
 * @param moduleGateway where module commands publish, as our server module does (default
 * none: a module command only changes the service's status); see
 * {@link #withModuleGateway}
 */
public record WhmcsSandboxOptions(ServerSettings server, Map<String, String> credentials, List<WhmcsProduct> products,
		boolean autoCreateServices, int defaultPid, boolean emptyProductsAsString, String accessKey,
		Set<String> allowedIps, Set<String> apiRole, boolean numbersAsStrings, Map<Integer, String> departments,
		ModuleGateway moduleGateway) {

	public static final String DEFAULT_IDENTIFIER = "sandbox";

	public static final String DEFAULT_SECRET = "sandbox";

	public static final String DEFAULT_ACCESS_KEY = "sandbox-access-key";

	public WhmcsSandboxOptions {
		Objects.requireNonNull(server, "server");
		credentials = Map.copyOf(credentials);
		products = List.copyOf(products);
		if (products.stream().noneMatch((p) -> p.pid() == defaultPid)) {
			throw new IllegalArgumentException("defaultPid " + defaultPid + " is not one of the products");
		}
		accessKey = (accessKey == null || accessKey.isEmpty()) ? null : accessKey;
		allowedIps = Set.copyOf(allowedIps);
		apiRole = apiRole.stream()
			.map((action) -> action.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
		departments = Map.copyOf(departments);
	}

	public static WhmcsSandboxOptions defaults() {
		return new WhmcsSandboxOptions(ServerSettings.defaults(0), Map.of(DEFAULT_IDENTIFIER, DEFAULT_SECRET),
				List.of(WhmcsProduct.easyMailArchive()), false, 1, true, DEFAULT_ACCESS_KEY, Set.of(), Set.of(), true,
				Map.of(1, "Billing", 2, "Support", 3, "Operations"), null);
	}

	public WhmcsSandboxOptions withServer(ServerSettings settings) {
		return new WhmcsSandboxOptions(settings, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, this.emptyProductsAsString, this.accessKey, this.allowedIps, this.apiRole,
				this.numbersAsStrings, this.departments, this.moduleGateway);
	}

	public WhmcsSandboxOptions withPort(int port) {
		return withServer(this.server.withPort(port));
	}

	public WhmcsSandboxOptions withBindAddress(String address) {
		return withServer(this.server.withBindAddress(address));
	}

	public WhmcsSandboxOptions withSeed(long seed) {
		return withServer(this.server.withSeed(seed));
	}

	public WhmcsSandboxOptions withFaults(Faults faults) {
		return withServer(this.server.withFaults(faults));
	}

	public WhmcsSandboxOptions withClock(Clock clock) {
		return withServer(this.server.withClock(clock));
	}

	/**
	 * Keeps the services (with their custom fields), the activity log and the tickets
	 * with their replies, and the next ids, in this JSON file: loaded at start when it
	 * exists (a file that cannot be loaded fails the start), written within a second of
	 * every change and on close. Faults, the request log, the credentials and the
	 * auto-creation setting are not stored (they come from these options). Null (default)
	 * keeps everything in memory only.
	 */
	public WhmcsSandboxOptions withStateFile(Path file) {
		return withServer(this.server.withStateFile(file));
	}

	/** Replaces every credential with this single pair. */
	public WhmcsSandboxOptions withCredentials(String identifier, String secret) {
		return withCredentials(Map.of(identifier, secret));
	}

	public WhmcsSandboxOptions withCredentials(Map<String, String> identifierToSecret) {
		return new WhmcsSandboxOptions(this.server, new LinkedHashMap<>(identifierToSecret), this.products,
				this.autoCreateServices, this.defaultPid, this.emptyProductsAsString, this.accessKey, this.allowedIps,
				this.apiRole, this.numbersAsStrings, this.departments, this.moduleGateway);
	}

	public WhmcsSandboxOptions withProducts(List<WhmcsProduct> newProducts, int newDefaultPid) {
		return new WhmcsSandboxOptions(this.server, this.credentials, newProducts, this.autoCreateServices,
				newDefaultPid, this.emptyProductsAsString, this.accessKey, this.allowedIps, this.apiRole,
				this.numbersAsStrings, this.departments, this.moduleGateway);
	}

	public WhmcsSandboxOptions withAutoCreateServices(boolean enabled) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, enabled, this.defaultPid,
				this.emptyProductsAsString, this.accessKey, this.allowedIps, this.apiRole, this.numbersAsStrings,
				this.departments, this.moduleGateway);
	}

	public WhmcsSandboxOptions withEmptyProductsAsString(boolean enabled) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, enabled, this.accessKey, this.allowedIps, this.apiRole, this.numbersAsStrings,
				this.departments, this.moduleGateway);
	}

	/** The installation's API access key; {@code null} for none. */
	public WhmcsSandboxOptions withAccessKey(String key) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, this.emptyProductsAsString, key, this.allowedIps, this.apiRole, this.numbersAsStrings,
				this.departments, this.moduleGateway);
	}

	/** Addresses that may call without the access key, e.g. {@code 127.0.0.1}. */
	public WhmcsSandboxOptions withAllowedIps(Set<String> addresses) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, this.emptyProductsAsString, this.accessKey, addresses, this.apiRole,
				this.numbersAsStrings, this.departments, this.moduleGateway);
	}

	/** The actions the API role allows; empty for every action. */
	public WhmcsSandboxOptions withApiRole(Set<String> actions) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, this.emptyProductsAsString, this.accessKey, this.allowedIps, actions,
				this.numbersAsStrings, this.departments, this.moduleGateway);
	}

	public WhmcsSandboxOptions withNumbersAsStrings(boolean enabled) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, this.emptyProductsAsString, this.accessKey, this.allowedIps, this.apiRole, enabled,
				this.departments, this.moduleGateway);
	}

	public WhmcsSandboxOptions withDepartments(Map<Integer, String> idToName) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, this.emptyProductsAsString, this.accessKey, this.allowedIps, this.apiRole,
				this.numbersAsStrings, idToName, this.moduleGateway);
	}

	/**
	 * Runs our server module's function for each module command ({@code ModuleCreate},
	 * {@code ModuleSuspend}, {@code ModuleUnsuspend}, {@code ModuleTerminate}), as WHMCS
	 * does: the lifecycle event the module builds for the service is posted, signed with
	 * {@code secret}, to {@code url + "/api/whmcs/events"}; only the gateway's 202
	 * changes the service's status. When the gateway refuses or cannot be reached, the
	 * API answers {@code result=error} with the module's own message, the status stays
	 * and the activity log says "Module Create Failed - Service ID: n - Error: ...".
	 * {@code null} URL: none (the default).
	 * @throws IllegalArgumentException when the URL is not http(s) or the secret is
	 * missing
	 */
	public WhmcsSandboxOptions withModuleGateway(String url, String secret) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, this.emptyProductsAsString, this.accessKey, this.allowedIps, this.apiRole,
				this.numbersAsStrings, this.departments, (url != null) ? new ModuleGateway(url, secret) : null);
	}

	/** Whether the API role lets the credentials call this action. */
	boolean allows(String action) {
		return this.apiRole.isEmpty() || (action != null && this.apiRole.contains(action.toLowerCase(Locale.ROOT)));
	}
}
