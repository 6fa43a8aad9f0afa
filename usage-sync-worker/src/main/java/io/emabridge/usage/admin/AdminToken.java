package io.emabridge.usage.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time; an empty configured
 * token matches nothing.
 */
final class AdminToken {

	private final byte[] token;

	AdminToken(String token) {
		this.token = (token != null) ? token.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

	boolean isConfigured() {
		return this.token.length > 0;
	}

	boolean matches(String authorization) {
		if (!isConfigured() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(this.token, presented);
	}

}
