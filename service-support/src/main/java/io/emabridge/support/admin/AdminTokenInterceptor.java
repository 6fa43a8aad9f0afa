package io.emabridge.support.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request to the admin endpoints through only with
 * {@code Authorization: Bearer <ema.admin.token>}; any other gets a 401 problem detail.
 */
class AdminTokenInterceptor implements HandlerInterceptor {

	private static final String PREFIX = "Bearer ";

	private final byte[] token;

	AdminTokenInterceptor(String token) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
		// constant time: the comparison must not tell how much of a guess was right
				&& MessageDigest.isEqual(this.token,
						authorization.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8))) {
			return true;
		}
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ema-admin\"");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"Give the admin token as Authorization: Bearer <token>\"}");
		return false;
	}

}
