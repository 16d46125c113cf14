DROP TABLE figure_hours;
