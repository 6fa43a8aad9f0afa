package io.emabridge.deadletters.letter;

/**
 * The topic does not exist (or this client may not see it): a mistyped {@code --topic},
 * most likely.
 */
public class UnknownTopicException extends RuntimeException {

	public UnknownTopicException(String topic) {
		super("Topic " + topic + " does not exist (or is not visible with these credentials)");
	}

}
