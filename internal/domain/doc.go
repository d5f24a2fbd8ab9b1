// Package domain holds SINTRA's record types, the filters that select
// them and the scope that limits them: plain data that the domain services
// work with and the store persists. It depends on nothing of ours.
package domain
