package io.emabridge.provisioning.lifecycle;

/** Hands the recorder to tests of other packages. */
public final class EventRecorderAccess {

	private EventRecorderAccess() {
	}

	public static EventRecorder recorder() {
		return new EventRecorder();
	}

}
