package io.emabridge.usage.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.model.signing.RequestSignature;
import io.emabridge.model.signing.RequestSignature.Verdict;

/**
 * Guards the usage endpoint with the gateway's signature ({@link RequestSignature}:
 * {@code X-EMA-Timestamp},
 * {@code X-EMA-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + payload)>}).
 * A GET has no body, so the signed payload is the request target, path and query exactly
 * as sent ({@code /api/usage?serviceIds=1,2}): a signature cannot be replayed to read
 * other services.
 */
class SignedRequestFilter extends OncePerRequestFilter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<String> secrets;

	private final Duration tolerance;

	private final Clock clock;

	SignedRequestFilter(List<String> secrets, Duration tolerance, Clock clock) {
		this.secrets = List.copyOf(secrets);
		this.tolerance = tolerance;
		this.clock = clock;
	}

	/**
	 * What a GET's signature covers: the path and, when there is one, {@code ?} and the
	 * raw query.
	 */
	static byte[] signedPayload(HttpServletRequest request) {
		String query = request.getQueryString();
		String target = request.getRequestURI() + ((query != null) ? "?" + query : "");
		return target.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.secrets.isEmpty()) {
			reject(response, "the usage endpoint has no shared secret configured (ema.usage.api.secrets)");
			return;
		}
		Verdict verdict = RequestSignature.verify(this.secrets, request.getHeader(RequestSignature.TIMESTAMP_HEADER),
				request.getHeader(RequestSignature.SIGNATURE_HEADER), signedPayload(request), this.clock.instant(),
				this.tolerance);
		if (!verdict.isValid()) {
			reject(response, verdict.message());
			return;
		}
		chain.doFilter(request, response);
	}

	private static void reject(HttpServletResponse response, String detail) throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream()
			.write(JSON.writeValueAsBytes(Map.of("title", "Unauthorized", "status", 401, "detail", detail)));
	}

}
