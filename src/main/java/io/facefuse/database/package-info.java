/**
 * The database beyond its schema: the functions' own roles and how they get their logins.
 */
package io.facefuse.database;
