package io.emabridge.sandbox.whmcs;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 */
public record WhmcsSandboxOptions(ServerSettings server, Map<String, String> credentials, List<WhmcsProduct> products,
		boolean autoCreateServices, int defaultPid, boolean emptyProductsAsString) {

	public static final String DEFAULT_IDENTIFIER = "sandbox";

	public static final String DEFAULT_SECRET = "sandbox";

	public WhmcsSandboxOptions {
		Objects.requireNonNull(server, "server");
		credentials = Map.copyOf(credentials);
		products = List.copyOf(products);
		if (products.stream().noneMatch((p) -> p.pid() == defaultPid)) {
			throw new IllegalArgumentException("defaultPid " + defaultPid + " is not one of the products");
		}
	}

	public static WhmcsSandboxOptions defaults() {
		return new WhmcsSandboxOptions(ServerSettings.defaults(0), Map.of(DEFAULT_IDENTIFIER, DEFAULT_SECRET),
				List.of(WhmcsProduct.easyMailArchive()), false, 1, true);
	}

	public WhmcsSandboxOptions withServer(ServerSettings settings) {
		return new WhmcsSandboxOptions(settings, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, this.emptyProductsAsString);
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
				this.autoCreateServices, this.defaultPid, this.emptyProductsAsString);
	}

	public WhmcsSandboxOptions withProducts(List<WhmcsProduct> newProducts, int newDefaultPid) {
		return new WhmcsSandboxOptions(this.server, this.credentials, newProducts, this.autoCreateServices,
				newDefaultPid, this.emptyProductsAsString);
	}

	public WhmcsSandboxOptions withAutoCreateServices(boolean enabled) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, enabled, this.defaultPid,
				this.emptyProductsAsString);
	}

	public WhmcsSandboxOptions withEmptyProductsAsString(boolean enabled) {
		return new WhmcsSandboxOptions(this.server, this.credentials, this.products, this.autoCreateServices,
				this.defaultPid, enabled);
	}
}
