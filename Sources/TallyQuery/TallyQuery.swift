public enum TallyQueryModule {}
