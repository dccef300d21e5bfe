/**
 * Small numeric transforms that more than one concern uses.
 */
package io.facefuse.numerics;
