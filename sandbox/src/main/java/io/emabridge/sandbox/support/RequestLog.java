package io.emabridge.sandbox.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.emabridge.sandbox.RecordedRequest;

/** Bounded log of API requests: keeps the most recent {@code capacity} entries. */
final class RequestLog {

	private final int capacity;

	private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>();

	private final AtomicLong sequence = new AtomicLong();

	RequestLog(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("request log capacity must be >= 1");
		}
		this.capacity = capacity;
	}

	long nextSequence() {
		return this.sequence.incrementAndGet();
	}

	synchronized void add(RecordedRequest request) {
		if (this.entries.size() == this.capacity) {
			this.entries.removeFirst();
		}
		this.entries.addLast(request);
	}

	synchronized List<RecordedRequest> snapshot() {
		return List.copyOf(new ArrayList<>(this.entries));
	}

	synchronized void clear() {
		this.entries.clear();
	}

}
