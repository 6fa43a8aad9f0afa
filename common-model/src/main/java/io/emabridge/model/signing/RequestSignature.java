package io.emabridge.model.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature that authenticates every call from the WHMCS module:
 * {@code X-EMA-Timestamp} (Unix seconds) and
 * {@code X-EMA-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>}.
 * Several secrets may be valid at once so that a secret can be rotated without downtime.
 */
public final class RequestSignature {

	public static final String TIMESTAMP_HEADER = "X-EMA-Timestamp";

	public static final String SIGNATURE_HEADER = "X-EMA-Signature";

	public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

	private static final String PREFIX = "sha256=";

	/**
	 * Keyed MACs per thread and secret, reused: looking up the provider and keying a
	 * {@link Mac} costs more than the MAC of an event. A {@code Mac} is not thread-safe,
	 * hence one per thread; a thread keeps at most {@value #MAX_CACHED_SECRETS}.
	 */
	private static final ThreadLocal<Map<String, Mac>> MACS = ThreadLocal.withInitial(HashMap::new);

	private static final int MAX_CACHED_SECRETS = 8;

	private RequestSignature() {
	}

	/** The value of the signature header for this timestamp and body. */
	public static String sign(String secret, long timestamp, byte[] body) {
		return PREFIX + HexFormat.of().formatHex(hmac(secret, timestamp, body));
	}

	/**
	 * Checks a signed request. Every secret is tried, in constant time per secret, so the
	 * answer does not tell how much of a forged signature was right.
	 */
	public static Verdict verify(List<String> secrets, String timestampHeader, String signatureHeader, byte[] body,
			Instant now, Duration tolerance) {
		Objects.requireNonNull(secrets, "secrets");
		if (timestampHeader == null || signatureHeader == null) {
			return Verdict.MISSING;
		}
		long timestamp;
		try {
			timestamp = Long.parseLong(timestampHeader.trim());
		}
		catch (NumberFormatException ex) {
			return Verdict.MALFORMED;
		}
		if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
			return Verdict.EXPIRED;
		}
		Optional<byte[]> presented = presented(signatureHeader);
		if (presented.isEmpty()) {
			return Verdict.MALFORMED;
		}
		boolean matched = false;
		for (String secret : secrets) {
			matched |= MessageDigest.isEqual(hmac(secret, timestamp, body), presented.get());
		}
		return matched ? Verdict.VALID : Verdict.MISMATCH;
	}

	/**
	 * The MAC a signature header presents, decoded exactly as {@link #verify} decodes it:
	 * surrounding whitespace is ignored and the hex digits may be of either case. Two
	 * headers that differ only in such ways present the same bytes, so anything that must
	 * recognise a request again (a replay guard) keys on these bytes, never on the
	 * header.
	 * @return the bytes, or empty when the header is missing or not {@code sha256=<hex>}
	 */
	public static Optional<byte[]> presented(String signatureHeader) {
		if (signatureHeader == null) {
			return Optional.empty();
		}
		String value = signatureHeader.trim();
		if (!value.startsWith(PREFIX)) {
			return Optional.empty();
		}
		try {
			return Optional.of(HexFormat.of().parseHex(value.substring(PREFIX.length())));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static byte[] hmac(String secret, long timestamp, byte[] body) {
		Map<String, Mac> macs = MACS.get();
		Mac mac = macs.get(secret);
		if (mac == null) {
			if (macs.size() >= MAX_CACHED_SECRETS) {
				macs.clear();
			}
			mac = newMac(secret);
			macs.put(secret, mac);
		}
		// a no-op after doFinal; a MAC left half-done by an earlier failure starts over
		mac.reset();
		mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
		return mac.doFinal(body);
	}

	private static Mac newMac(String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac;
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/**
	 * The outcome of a check, with a message fit for the caller (it never echoes a
	 * secret).
	 */
	public enum Verdict {

		VALID("signature valid"), MISSING("missing X-EMA-Timestamp or X-EMA-Signature header"),
		MALFORMED("malformed X-EMA-Timestamp or X-EMA-Signature header"),
		EXPIRED("timestamp too far from the gateway's clock (check the WHMCS server's time)"),
		MISMATCH("signature does not match (check the shared secret)");

		private final String message;

		Verdict(String message) {
			this.message = message;
		}

		public String message() {
			return this.message;
		}

		public boolean isValid() {
			return this == VALID;
		}

	}

}
