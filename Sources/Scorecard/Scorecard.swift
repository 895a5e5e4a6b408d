/// The 766 service index domain: groups, bands, units, table recognition, Vietnamese text
/// normalisation and validation rules. It takes the office's settings as plain values and
/// knows nothing of Word or of YAML.
public enum ScorecardModule {}
