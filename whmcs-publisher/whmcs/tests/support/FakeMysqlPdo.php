<?php

/** An SQLite connection that calls itself MySQL and answers GET_LOCK with a given value. */
final class FakeMysqlPdo extends PDO
{
    /** @var list<string> */
    public array $queries = [];

    public function __construct(private readonly int $getLock)
    {
        parent::__construct('sqlite::memory:', null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    }

    public function getAttribute(int $attribute): mixed
    {
        return $attribute === PDO::ATTR_DRIVER_NAME ? 'mysql' : parent::getAttribute($attribute);
    }

    public function query(string $query, ?int $fetchMode = null, mixed ...$fetchModeArgs): PDOStatement|false
    {
        if (str_starts_with($query, 'SELECT GET_LOCK(') || str_starts_with($query, 'SELECT RELEASE_LOCK(')) {
            $this->queries[] = $query;
            return parent::query('SELECT ' . (str_contains($query, 'GET_LOCK(') ? $this->getLock : 1));
        }
        return parent::query($query, $fetchMode, ...$fetchModeArgs);
    }
}
