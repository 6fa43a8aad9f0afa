package io.emabridge.deadletters.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time: an RFC 3339 instant, a UTC date, or an amount of time ago
 * ({@code 90m}, {@code 6h}, {@code 2d}).
 */
final class TimeConverter implements ITypeConverter<Instant> {

	private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhd])");

	@Override
	public Instant convert(String value) {
		String text = value.trim();
		Matcher ago = AGO.matcher(text);
		if (ago.matches()) {
			long amount = Long.parseLong(ago.group(1));
			Duration duration = switch (ago.group(2)) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
			return Instant.now().minus(duration);
		}
		try {
			return (text.length() == 10) ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
					: Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new TypeConversionException("'" + value
					+ "' is not a time: use 2026-11-26T10:00:00Z, 2026-11-26, or an age such as 90m, 6h, 2d");
		}
	}

}
