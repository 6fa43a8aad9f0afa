package io.emabridge.embedded;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over one kept-alive connection to a local port, for the
 * benchmarks' load generators: it costs a fraction of the CPU of
 * {@link java.net.http.HttpClient}, which matters when the load generator shares the
 * cores with the gateway and the broker. Not thread-safe: one per client thread.
 */
public final class KeepAliveHttpClient implements AutoCloseable {

	private final InetSocketAddress address;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	public KeepAliveHttpClient(int port) {
		this.address = new InetSocketAddress("127.0.0.1", port);
	}

	/** Sends one request and returns the status once the whole response has been read. */
	public int post(String path, String[] headers, byte[] body) throws IOException {
		if (this.socket == null) {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.connect(this.address, 5000);
			this.socket.setSoTimeout(30_000);
			this.in = new BufferedInputStream(this.socket.getInputStream(), 8192);
			this.out = new BufferedOutputStream(this.socket.getOutputStream(), 8192);
		}
		try {
			StringBuilder head = new StringBuilder(256).append("POST ")
				.append(path)
				.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
				.append(this.address.getPort())
				.append("\r\n");
			for (int i = 0; i < headers.length; i += 2) {
				head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
			}
			head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
			this.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
			this.out.write(body);
			this.out.flush();
			return readResponse();
		}
		catch (IOException ex) {
			close();
			throw ex;
		}
	}

	private int readResponse() throws IOException {
		String statusLine = line();
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean closing = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				closing = true;
			}
		}
		if (chunked) {
			for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
				skip(size);
				line();
			}
			while (!line().isEmpty()) {
				// trailers
			}
		}
		else if (length > 0) {
			skip(length);
		}
		if (closing) {
			close();
		}
		return status;
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(64);
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("connection closed mid-response");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	private void skip(long n) throws IOException {
		long left = n;
		while (left > 0) {
			long skipped = this.in.skip(left);
			if (skipped <= 0) {
				if (this.in.read() < 0) {
					throw new EOFException("connection closed mid-body");
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			this.socket = null;
		}
	}

}
