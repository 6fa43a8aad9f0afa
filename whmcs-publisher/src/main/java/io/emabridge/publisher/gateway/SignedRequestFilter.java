package io.emabridge.publisher.gateway;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.ClientAbortException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import io.emabridge.model.signing.RequestSignature;
import io.emabridge.model.signing.RequestSignature.Verdict;
import io.emabridge.publisher.config.GatewayProperties;

/**
 * Guards the module's API: reads the body (never more than the limit), checks its
 * signature over the raw bytes before anything parses them, and only then lets the
 * request through, with the body replayed from memory and, for the controllers, in the
 * request attribute {@link #VERIFIED_BODY}, and the verified signature's bytes in
 * {@link #VERIFIED_SIGNATURE}.
 * <p>
 * Rejections are thrown into the MVC exception resolvers so that they get the same
 * problem+json answers, and the same counting, as errors raised inside controllers.
 */
class SignedRequestFilter extends OncePerRequestFilter {

	/**
	 * The request attribute that holds the MAC a request was let through with, as bytes.
	 */
	static final String VERIFIED_SIGNATURE = "io.emabridge.publisher.gateway.SignedRequestFilter.signature";

	/** The request attribute that holds the body whose signature was verified. */
	static final String VERIFIED_BODY = "io.emabridge.publisher.gateway.SignedRequestFilter.body";

	private final List<String> secrets;

	private final Duration tolerance;

	private final int maxBodySize;

	private final Clock clock;

	private final HandlerExceptionResolver exceptionResolver;

	SignedRequestFilter(GatewayProperties properties, Clock clock, HandlerExceptionResolver exceptionResolver) {
		this.secrets = properties.secrets();
		this.tolerance = properties.timestampTolerance();
		this.maxBodySize = (int) Math.min(Integer.MAX_VALUE - 8, properties.maxBodySize().toBytes());
		this.clock = clock;
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body;
		String signature = request.getHeader(RequestSignature.SIGNATURE_HEADER);
		try {
			body = readBody(request);
			Verdict verdict = RequestSignature.verify(this.secrets,
					request.getHeader(RequestSignature.TIMESTAMP_HEADER), signature, body, this.clock.instant(),
					this.tolerance);
			if (!verdict.isValid()) {
				throw new SignatureRejectedException(verdict);
			}
		}
		catch (BodyTooLargeException | SignatureRejectedException | HttpMessageNotReadableException ex) {
			if (this.exceptionResolver.resolveException(request, response, null, ex) == null) {
				throw ex;
			}
			return;
		}
		// the bytes that were verified, not the header: a header in another hex case,
		// with
		// other whitespace or beside a second signature header is the same request
		RequestSignature.presented(signature)
			.ifPresent((presented) -> request.setAttribute(VERIFIED_SIGNATURE, presented));
		request.setAttribute(VERIFIED_BODY, body);
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	private byte[] readBody(HttpServletRequest request) throws IOException {
		try {
			return BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), this.maxBodySize);
		}
		catch (ClientAbortException ex) {
			throw ex;
		}
		catch (IOException ex) {
			// e.g. broken chunked encoding: the caller's fault, so a 400 rather than the
			// container's 500
			throw new HttpMessageNotReadableException("Could not read the request body: " + ex.getMessage(), ex,
					new ServletServerHttpRequest(request));
		}
	}

}
