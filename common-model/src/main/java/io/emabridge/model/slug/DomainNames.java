package io.emabridge.model.slug;

import java.net.IDN;
import java.util.Locale;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;

/**
 * Finds the name a customer chose in a domain: the label just left of the public suffix,
 * so that {@code shop.acme.co.uk} and {@code www.acme.com} both give {@code acme}. Which
 * suffixes are public only the public suffix list knows, hence Guava rather than a
 * pattern.
 */
final class DomainNames {

	private DomainNames() {
	}

	/**
	 * The registrable name of {@code domain} in Unicode
	 * ({@code xn--mller-kva.de → müller}), or {@code ""} when there is none: blank, an IP
	 * address, not a valid domain, a public suffix itself or under no known public
	 * suffix.
	 */
	static String registrableName(String domain) {
		if (domain == null) {
			return "";
		}
		String trimmed = domain.strip().toLowerCase(Locale.ROOT);
		if (trimmed.endsWith(".")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		if (trimmed.isEmpty() || InetAddresses.isUriInetAddress(trimmed) || InetAddresses.isInetAddress(trimmed)) {
			return "";
		}
		String unicode;
		try {
			unicode = IDN.toUnicode(trimmed, IDN.ALLOW_UNASSIGNED);
		}
		catch (RuntimeException ex) {
			return "";
		}
		if (!InternetDomainName.isValid(unicode)) {
			return "";
		}
		InternetDomainName name = InternetDomainName.from(unicode);
		if (!name.isUnderPublicSuffix()) {
			return "";
		}
		return name.topPrivateDomain().parts().get(0);
	}

}
