package io.emabridge.model.archive;

import java.util.List;

/**
 * One page of the tenant list. A bare JSON array (the shorter public page's shape) is
 * read as the only page.
 *
 * @param tenants the tenants on this page
 * @param currentPage this page's number, from 1
 * @param lastPage the number of the last page
 * @param total how many tenants there are over all pages
 */
public record TenantPage(List<Tenant> tenants, int currentPage, int lastPage, long total) {

	public TenantPage {
		tenants = List.copyOf(tenants);
	}

	public boolean hasNext() {
		return this.currentPage < this.lastPage;
	}
}
