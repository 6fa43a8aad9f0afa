<?php

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

/**
 * A failure whose message is meant for the WHMCS admin: it is returned as is by the module
 * functions, so it must say what went wrong and what to do, and never contain a secret.
 */
class EmaModuleException extends RuntimeException
{
}
