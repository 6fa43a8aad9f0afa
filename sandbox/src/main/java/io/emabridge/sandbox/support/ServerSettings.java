package io.emabridge.sandbox.support;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import io.emabridge.sandbox.Faults;

/**
 * Settings every sandbox server shares.
 *
 * @param port port to listen on; 0 picks a free one
 * @param bindAddress address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} for
 * every interface)
 * @param seed seed of the random source behind faults and generated ids; null for a
 * random seed
 * @param requestLogCapacity how many recent API requests the request log keeps (default
 * 100,000)
 * @param faults faults active from the start (default none)
 * @param clock clock for timestamps (default UTC system clock)
 * @param stateFile file the state is loaded from at start and kept in while running (see
 * {@link StateFile}); null (default) keeps the state in memory only
 */
public record ServerSettings(int port, String bindAddress, Long seed, int requestLogCapacity, Faults faults,
		Clock clock, Path stateFile) {

	public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

	public static final int DEFAULT_REQUEST_LOG_CAPACITY = 100_000;

	public ServerSettings {
		if (port < 0 || port > 65_535) {
			throw new IllegalArgumentException("port must be between 0 and 65535");
		}
		Objects.requireNonNull(bindAddress, "bindAddress");
		Objects.requireNonNull(faults, "faults");
		Objects.requireNonNull(clock, "clock");
		if (requestLogCapacity < 1) {
			throw new IllegalArgumentException("requestLogCapacity must be >= 1");
		}
	}

	public static ServerSettings defaults(int port) {
		return new ServerSettings(port, DEFAULT_BIND_ADDRESS, null, DEFAULT_REQUEST_LOG_CAPACITY, Faults.none(),
				Clock.systemUTC(), null);
	}

	public ServerSettings withPort(int newPort) {
		return new ServerSettings(newPort, this.bindAddress, this.seed, this.requestLogCapacity, this.faults,
				this.clock, this.stateFile);
	}

	public ServerSettings withBindAddress(String address) {
		return new ServerSettings(this.port, address, this.seed, this.requestLogCapacity, this.faults, this.clock,
				this.stateFile);
	}

	public ServerSettings withSeed(Long newSeed) {
		return new ServerSettings(this.port, this.bindAddress, newSeed, this.requestLogCapacity, this.faults,
				this.clock, this.stateFile);
	}

	public ServerSettings withRequestLogCapacity(int capacity) {
		return new ServerSettings(this.port, this.bindAddress, this.seed, capacity, this.faults, this.clock,
				this.stateFile);
	}

	public ServerSettings withFaults(Faults initial) {
		return new ServerSettings(this.port, this.bindAddress, this.seed, this.requestLogCapacity, initial, this.clock,
				this.stateFile);
	}

	public ServerSettings withClock(Clock newClock) {
		return new ServerSettings(this.port, this.bindAddress, this.seed, this.requestLogCapacity, this.faults,
				newClock, this.stateFile);
	}

	/**
	 * Keeps the state in this file (see {@link StateFile}); null keeps it in memory only.
	 */
	public ServerSettings withStateFile(Path file) {
		return new ServerSettings(this.port, this.bindAddress, this.seed, this.requestLogCapacity, this.faults,
				this.clock, file);
	}
}
