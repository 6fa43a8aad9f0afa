package io.emabridge.provisioning.decisions;

import java.util.regex.Pattern;

import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.lifecycle.Client;
import io.emabridge.model.lifecycle.ServiceCreated;

/** The create request for a service's tenant, from its create event. */
final class TenantRequests {

	static final int MAX_TEXT = 255;

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private TenantRequests() {
	}

	/**
	 * Name: the company name, else the client's first and last name, else the domain,
	 * else "Service {id}"; sent as {@code name} and {@code company_name} by the client.
	 * The administrator's e-mail address is sent only when it looks like one, so that a
	 * typo in WHMCS does not block the tenant; the administrator's name is the client's,
	 * else the tenant's name. Never a password.
	 */
	static NewTenant of(ServiceCreated event, String slug) {
		Client client = event.client();
		String person = (client != null) ? join(client.firstName(), client.lastName()) : null;
		String name = firstPresent((client != null) ? cut(client.companyName()) : null, cut(person),
				cut(event.domain()), "Service " + event.serviceId());
		String email = (client != null && client.email() != null && EMAIL.matcher(client.email().strip()).matches())
				? client.email().strip() : null;
		String plan = (event.options() != null) ? blankToNull(event.options().plan()) : null;
		// the shorter API page requires an administrator's name: the tenant's own name
		// stands in when the client has none
		return new NewTenant(slug, cut(name), cut(email), firstPresent(cut(person), cut(name)), cut(plan));
	}

	private static String join(String first, String last) {
		String joined = ((first != null) ? first.strip() : "") + " " + ((last != null) ? last.strip() : "");
		return blankToNull(joined.strip());
	}

	private static String firstPresent(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		return null;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/**
	 * At most {@link #MAX_TEXT} characters, never half a surrogate pair, without control
	 * characters or lone surrogates: an event an older gateway accepted may carry them,
	 * and the archive need not take them.
	 */
	static String cut(String value) {
		if (value == null) {
			return null;
		}
		StringBuilder clean = new StringBuilder(Math.min(value.length(), MAX_TEXT));
		for (int i = 0; i < value.length() && clean.length() < MAX_TEXT; i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				if (clean.length() + 2 > MAX_TEXT) {
					break;
				}
				clean.append(c).append(value.charAt(++i));
			}
			else if (!Character.isSurrogate(c) && !Character.isISOControl(c)) {
				clean.append(c);
			}
		}
		String text = clean.toString().strip();
		return text.isEmpty() ? null : text;
	}

}
