package io.emabridge.sandbox.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Tenants of every reseller account. Slugs are unique across accounts (deleted tenants
 * keep theirs); each account keeps its visible tenants in creation order, so a page is a
 * constant-time slice. Accounts are known by the id of their API key (see
 * {@link ArchiveSandbox#keyId(String)}), never by the key itself, so they can be stored
 * and restored without it. Every change is reported to the listener given at
 * construction, after it is made.
 */
final class TenantStore {

	private static final Comparator<Tenant> BY_SEQUENCE = Comparator.comparingLong((t) -> t.sequence);

	private final ConcurrentHashMap<String, Tenant> bySlug = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final Runnable changed;

	/**
	 * An empty store.
	 * @param changed told after every change
	 */
	TenantStore(Runnable changed) {
		this.changed = changed;
	}

	/**
	 * Inserts all tenants for the key, or none: returns the first slug that is already
	 * taken (then nothing was inserted), or null on success.
	 */
	String insertAll(String keyId, List<Tenant> tenants) {
		Account account = this.accounts.computeIfAbsent(keyId, Account::new);
		account.lock.writeLock().lock();
		try {
			int visibleBefore = account.visible.size();
			List<Tenant> inserted = new ArrayList<>(tenants.size());
			for (Tenant tenant : tenants) {
				tenant.owner = account;
				tenant.sequence = this.sequence.incrementAndGet();
				if (this.bySlug.putIfAbsent(tenant.slug, tenant) != null) {
					inserted.forEach((done) -> this.bySlug.remove(done.slug, done));
					account.visible.subList(visibleBefore, account.visible.size()).clear();
					return tenant.slug;
				}
				inserted.add(tenant);
				if (tenant.status != TenantStatus.DELETED) {
					account.visible.add(tenant);
				}
			}
			return null;
		}
		finally {
			account.lock.writeLock().unlock();
			// Also after a rolled-back batch: a snapshot may have seen part of it.
			this.changed.run();
		}
	}

	/** The tenant with this slug, whichever account owns it, deleted or not. */
	Tenant any(String slug) {
		return (slug != null) ? this.bySlug.get(slug) : null;
	}

	/**
	 * The key's tenant with this slug, unless it was deleted; another account's tenant is
	 * not found.
	 */
	Tenant visible(String keyId, String slug) {
		Tenant tenant = any(slug);
		if (tenant == null || !tenant.owner.keyId.equals(keyId)) {
			return null;
		}
		return (tenant.read((t) -> t.status) == TenantStatus.DELETED) ? null : tenant;
	}

	/** Moves a tenant to ACTIVE or SUSPENDED; false when it was deleted. */
	boolean setStatus(Tenant tenant, TenantStatus target) {
		if (target == TenantStatus.DELETED) {
			return delete(tenant);
		}
		synchronized (tenant) {
			if (tenant.status == TenantStatus.DELETED) {
				return false;
			}
			tenant.status = target;
		}
		this.changed.run();
		return true;
	}

	/** Sets a tenant's usage figures (deleted or not). */
	Tenant setUsage(Tenant tenant, long users, long storage, long messages) {
		tenant.usage(users, storage, messages);
		this.changed.run();
		return tenant;
	}

	/** Marks a tenant deleted (its slug stays taken); false when it already was. */
	boolean delete(Tenant tenant) {
		Account account = tenant.owner;
		account.lock.writeLock().lock();
		try {
			synchronized (tenant) {
				if (tenant.status == TenantStatus.DELETED) {
					return false;
				}
				tenant.status = TenantStatus.DELETED;
			}
			int index = java.util.Collections.binarySearch(account.visible, tenant, BY_SEQUENCE);
			if (index >= 0) {
				account.visible.remove(index);
			}
		}
		finally {
			account.lock.writeLock().unlock();
		}
		this.changed.run();
		return true;
	}

	/**
	 * One page (1-based) of the key's visible tenants, in creation order, mapped while
	 * the page is stable.
	 */
	<T> Page<T> page(String keyId, int page, int perPage, Function<Tenant, T> mapper) {
		Account account = this.accounts.get(keyId);
		if (account == null) {
			return new Page<>(List.of(), 0);
		}
		account.lock.readLock().lock();
		try {
			int total = account.visible.size();
			long from = (long) (page - 1) * perPage;
			if (from >= total) {
				return new Page<>(List.of(), total);
			}
			int to = (int) Math.min(total, from + perPage);
			List<T> rows = new ArrayList<>(to - (int) from);
			for (Tenant tenant : account.visible.subList((int) from, to)) {
				rows.add(mapper.apply(tenant));
			}
			return new Page<>(rows, total);
		}
		finally {
			account.lock.readLock().unlock();
		}
	}

	/** Every visible tenant of the key, in creation order. */
	<T> List<T> visibleAll(String keyId, Function<Tenant, T> mapper) {
		return page(keyId, 1, Integer.MAX_VALUE, mapper).rows();
	}

	/** Every tenant of every account, deleted ones included, in creation order. */
	<T> List<T> all(Function<Tenant, T> mapper) {
		Collection<Tenant> values = this.bySlug.values();
		return values.stream().sorted(BY_SEQUENCE).map(mapper).toList();
	}

	void clear() {
		this.accounts.values().forEach((account) -> {
			account.lock.writeLock().lock();
			try {
				account.visible.clear();
			}
			finally {
				account.lock.writeLock().unlock();
			}
		});
		this.bySlug.clear();
		this.accounts.clear();
		this.changed.run();
	}

	/**
	 * One tenant; identity and creation fields are fixed, status and usage change under
	 * the tenant's monitor.
	 */
	static final class Tenant {

		final String slug;

		final String name;

		final Instant createdAt;

		final String url;

		final String plan;

		final String adminEmail;

		final String adminName;

		long sequence;

		Account owner;

		TenantStatus status;

		long usersCount;

		long storageBytes;

		long messagesCount;

		Tenant(String slug, String name, Instant createdAt, String url, String plan, String adminEmail,
				String adminName) {
			this.slug = slug;
			this.name = name;
			this.createdAt = createdAt;
			this.url = url;
			this.plan = plan;
			this.adminEmail = adminEmail;
			this.adminName = adminName;
			this.status = TenantStatus.ACTIVE;
		}

		synchronized Tenant usage(long users, long storage, long messages) {
			this.usersCount = users;
			this.storageBytes = storage;
			this.messagesCount = messages;
			return this;
		}

		synchronized <T> T read(Function<Tenant, T> reader) {
			return reader.apply(this);
		}

	}

	/**
	 * A reseller account: the tenants created with one API key, known by the key's id.
	 */
	static final class Account {

		final String keyId;

		final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

		final ArrayList<Tenant> visible = new ArrayList<>();

		Account(String keyId) {
			this.keyId = keyId;
		}

	}

	record Page<T>(List<T> rows, int total) {
	}

}
