package io.emabridge.provisioning.modulelog;

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
 * Guards the worker's {@code /api/*} with the signature the module puts on every call to
 * the gateway ({@link RequestSignature}); a GET has no body, so the signed payload is the
 * request target, path and query exactly as sent, as on the usage worker's endpoint.
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

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.secrets.isEmpty()) {
			reject(response, "the failures endpoint has no shared secret configured (ema.module-log.secrets)");
			return;
		}
		String query = request.getQueryString();
		byte[] target = (request.getRequestURI() + ((query != null) ? "?" + query : ""))
			.getBytes(StandardCharsets.UTF_8);
		Verdict verdict = RequestSignature.verify(this.secrets, request.getHeader(RequestSignature.TIMESTAMP_HEADER),
				request.getHeader(RequestSignature.SIGNATURE_HEADER), target, this.clock.instant(), this.tolerance);
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
