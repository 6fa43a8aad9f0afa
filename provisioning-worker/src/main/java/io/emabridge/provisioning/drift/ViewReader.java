package io.emabridge.provisioning.drift;

import java.util.ArrayList;
import java.util.List;

import io.emabridge.model.archive.Tenant;
import io.emabridge.model.archive.TenantPage;
import io.emabridge.model.whmcs.ClientProduct;
import io.emabridge.model.whmcs.ClientProductPage;
import io.emabridge.model.whmcs.WhmcsApiClient;
import io.emabridge.provisioning.archive.ArchiveAccount;

/** Reads the WHMCS and archive views page by page, to the end. */
class ViewReader {

	/**
	 * Far beyond any real listing: a server that keeps answering "more" cannot keep a run
	 * going for ever.
	 */
	private static final int MAX_PAGES = 100_000;

	private final WhmcsApiClient whmcs;

	private final List<ArchiveAccount> accounts;

	private final List<Long> productIds;

	private final int slugFieldId;

	private final int pageSize;

	ViewReader(WhmcsApiClient whmcs, List<ArchiveAccount> accounts, List<Long> productIds, int slugFieldId,
			int pageSize) {
		this.whmcs = whmcs;
		this.accounts = List.copyOf(accounts);
		this.productIds = List.copyOf(productIds);
		this.slugFieldId = slugFieldId;
		this.pageSize = pageSize;
	}

	/**
	 * The services of our products or, with none configured, every service that has the
	 * slug field.
	 */
	List<WhmcsServiceView> whmcsServices() {
		List<WhmcsServiceView> services = new ArrayList<>();
		if (this.productIds.isEmpty()) {
			for (ClientProduct product : products(null)) {
				if (product.customField(this.slugFieldId).isPresent()) {
					services.add(view(product));
				}
			}
		}
		else {
			for (Long productId : this.productIds) {
				products(productId).forEach((product) -> services.add(view(product)));
			}
		}
		return services;
	}

	/**
	 * Every reseller account's tenants, each with its account (slugs are unique across
	 * all accounts).
	 */
	List<Listed> tenants() {
		List<Listed> tenants = new ArrayList<>();
		for (ArchiveAccount account : this.accounts) {
			for (int page = 1; page <= MAX_PAGES; page++) {
				TenantPage answer = account.api().listTenants(page);
				answer.tenants().forEach((tenant) -> tenants.add(new Listed(tenant, account)));
				// a bare array is the only page; a page number that does not move on ends
				// the listing too
				if (!answer.hasNext() || answer.currentPage() < page || answer.tenants().isEmpty()) {
					break;
				}
			}
		}
		return tenants;
	}

	private List<ClientProduct> products(Long productId) {
		List<ClientProduct> products = new ArrayList<>();
		int start = 0;
		for (int page = 0; page < MAX_PAGES; page++) {
			ClientProductPage answer = this.whmcs.listClientsProducts(productId, start, this.pageSize);
			products.addAll(answer.products());
			if (!answer.hasNext()) {
				break;
			}
			start = answer.nextStart();
		}
		return products;
	}

	private WhmcsServiceView view(ClientProduct product) {
		String slug = product.customField(this.slugFieldId).map(String::strip).filter((s) -> !s.isEmpty()).orElse(null);
		String username = (product.username() != null && !product.username().isBlank()) ? product.username().strip()
				: null;
		return new WhmcsServiceView(product.id(), product.clientId(), product.pid(), product.status(), slug, username);
	}

	/** A tenant and the reseller account that listed it. */
	record Listed(Tenant tenant, ArchiveAccount account) {
	}

}
