# Independent computation of the statistics shortlist/shared/scoring reports, for the
# Go test in ../rcheck_test.go. Usage: Rscript crosscheck.R DIR
# Reads DIR/likert.csv (raw 1-5 answers), DIR/keys.csv (item, key), DIR/choice.csv (0/1),
# DIR/items2pl.csv (item, a, b); writes DIR/r_alpha.csv, DIR/r_items.csv, DIR/r_scores.csv
# and DIR/r_eap.csv.
suppressPackageStartupMessages(library(psych))
dir <- commandArgs(trailingOnly = TRUE)[1]
rd <- function(f) read.csv(file.path(dir, f), check.names = FALSE)

likert <- rd("likert.csv")
keys <- rd("keys.csv")
choice <- rd("choice.csv")
pars <- rd("items2pl.csv")

# psych reverses the items named in keys as (max + min) - x, with min and max taken
# from the data; every category occurs in the simulated set, so they are 1 and 5.
rev <- keys$item[keys$key < 0]
la <- alpha(likert, keys = rev, warnings = FALSE)
ca <- alpha(choice, warnings = FALSE)

write.csv(data.frame(
  set = c("likert", "choice"),
  raw_alpha = c(la$total$raw_alpha, ca$total$raw_alpha)
), file.path(dir, "r_alpha.csv"), row.names = FALSE)

write.csv(rbind(
  data.frame(set = "likert", item = colnames(likert), r_drop = la$item.stats$r.drop,
             alpha_drop = la$alpha.drop$raw_alpha, mean = la$item.stats$mean),
  data.frame(set = "choice", item = colnames(choice), r_drop = ca$item.stats$r.drop,
             alpha_drop = ca$alpha.drop$raw_alpha, mean = ca$item.stats$mean)
), file.path(dir, "r_items.csv"), row.names = FALSE)

# Person scale scores: the mean of the keyed items (cumulative = FALSE).
write.csv(data.frame(score = as.numeric(la$scores)), file.path(dir, "r_scores.csv"),
          row.names = FALSE)

# EAP by numerical integration (not the engine's quadrature sum) of the 2PL likelihood
# times the standard normal prior over [-4, 4].
a <- pars$a
b <- pars$b
eap <- t(apply(as.matrix(choice), 1, function(u) {
  post <- function(th) sapply(th, function(x) {
    p <- plogis(a * (x - b))
    prod(p^u * (1 - p)^(1 - u)) * dnorm(x)
  })
  tol <- 1e-10
  z <- integrate(post, -4, 4, rel.tol = tol)$value
  m <- integrate(function(x) x * post(x), -4, 4, rel.tol = tol)$value / z
  v <- integrate(function(x) (x - m)^2 * post(x), -4, 4, rel.tol = tol)$value / z
  c(theta = m, se = sqrt(v))
}))
write.csv(as.data.frame(eap), file.path(dir, "r_eap.csv"), row.names = FALSE)
