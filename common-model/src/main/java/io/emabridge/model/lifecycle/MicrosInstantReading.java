package io.emabridge.model.lifecycle;

import java.time.Instant;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Reads instants in the form {@link MicrosInstantSerializer} writes (every
 * {@code occurredAt} the schema lets through) without Jackson's ISO-8601 formatter, which
 * costs more than the rest of reading an event; any other text goes to Jackson's own
 * reader, so what is accepted, and how a bad value is reported, stays the same.
 */
final class MicrosInstantReading extends ValueDeserializerModifier {

	@Override
	public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
			ValueDeserializer<?> deserializer) {
		return (description.getBeanClass() == Instant.class) ? new Reader(deserializer) : deserializer;
	}

	private static final class Reader extends DelegatingDeserializer {

		Reader(ValueDeserializer<?> jacksons) {
			super(jacksons);
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> jacksons) {
			return new Reader(jacksons);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) {
			if (parser.currentToken() == JsonToken.VALUE_STRING) {
				Instant instant = MicrosInstantSerializer.parseExact(parser.getString());
				if (instant != null) {
					return instant;
				}
			}
			return super.deserialize(parser, context);
		}

	}

}
