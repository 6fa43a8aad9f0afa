package io.emabridge.usage.collector;

/**
 * The reseller contract's license count:
 * {@code licenses = max(active users, ceil(storage / storage per license))}.
 */
public final class Licenses {

	private final long bytesPerLicense;

	public Licenses(long bytesPerLicense) {
		if (bytesPerLicense <= 0) {
			throw new IllegalArgumentException("the storage per license must be positive");
		}
		this.bytesPerLicense = bytesPerLicense;
	}

	public long of(long activeUsers, long storageBytes) {
		if (activeUsers < 0 || storageBytes < 0) {
			throw new IllegalArgumentException("usage figures must not be negative");
		}
		// ceil without overflow: storageBytes / n, plus one for any remainder
		long forStorage = storageBytes / this.bytesPerLicense + ((storageBytes % this.bytesPerLicense == 0) ? 0 : 1);
		return Math.max(activeUsers, forStorage);
	}

}
