<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/** The admin who is logged in, by name, for the Activity Log: WHMCS keeps the id in the session ("adminid"). */
final class EmaAddonAdmin
{
    public static function current(): string
    {
        $id = (int) ($_SESSION['adminid'] ?? 0);
        if ($id <= 0) {
            return 'an admin (no session)';
        }
        try {
            $statement = \WHMCS\Database\Capsule::connection()->getPdo()
                ->prepare('SELECT firstname, lastname, username FROM tbladmins WHERE id = ?');
            $statement->execute([$id]);
            $row = $statement->fetch(PDO::FETCH_ASSOC);
        } catch (Throwable $e) {
            $row = false;
        }
        if (!is_array($row)) {
            return 'admin #' . $id;
        }
        $name = trim($row['firstname'] . ' ' . $row['lastname']);
        return ($name === '' ? 'admin #' . $id : $name) . ' (' . $row['username'] . ')';
    }
}
