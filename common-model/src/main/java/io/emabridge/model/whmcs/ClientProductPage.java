package io.emabridge.model.whmcs;

import java.util.List;

/**
 * One page of {@code GetClientsProducts}.
 *
 * @param products the services on this page
 * @param start how many services came before this page ({@code limitstart})
 * @param total how many services match over all pages ({@code totalresults})
 */
public record ClientProductPage(List<ClientProduct> products, int start, long total) {

	public ClientProductPage {
		products = List.copyOf(products);
	}

	/**
	 * Whether services follow this page; an empty page ends the listing whatever the
	 * total says.
	 */
	public boolean hasNext() {
		return !this.products.isEmpty() && this.start + this.products.size() < this.total;
	}

	/** The {@code limitstart} of the next page. */
	public int nextStart() {
		return this.start + this.products.size();
	}
}
