package io.emabridge.support.signing;

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
 * Guards a worker's {@code /api/*} reads (the usage worker's usage, the provisioning
 * worker's failures for the Module Log) with the signature the WHMCS module puts on every
 * call ({@link RequestSignature}: {@code X-EMA-Timestamp},
 * {@code X-EMA-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + payload)>}).
 * A GET has no body, so the signed payload is the request target, path and query exactly
 * as sent ({@code /api/usage?serviceIds=1,2}): a signature cannot be replayed to read
 * anything else.
 */
public class SignedGetFilter extends OncePerRequestFilter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<String> secrets;

	private final Duration tolerance;

	private final Clock clock;

	private final String noSecret;

	/**
	 * A filter that accepts requests signed with any of {@code secrets}.
	 * @param noSecret why every request is refused when no secret is configured (the
	 * endpoint and the property to set)
	 */
	public SignedGetFilter(List<String> secrets, Duration tolerance, Clock clock, String noSecret) {
		this.secrets = List.copyOf(secrets);
		this.tolerance = tolerance;
		this.clock = clock;
		this.noSecret = noSecret;
	}

	/**
	 * What a GET's signature covers: the path and, when there is one, {@code ?} and the
	 * raw query.
	 */
	public static byte[] signedPayload(HttpServletRequest request) {
		String query = request.getQueryString();
		String target = request.getRequestURI() + ((query != null) ? "?" + query : "");
		return target.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.secrets.isEmpty()) {
			reject(response, this.noSecret);
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
